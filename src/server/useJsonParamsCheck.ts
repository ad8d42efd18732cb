// A GET query string (and a url-encoded form) carries `variables` and `extensions` as JSON text.
// yoga hands that text to JSON.parse and lets the SyntaxError escape, so a client's typo came back
// as a masked "Unexpected error." with HTTP 200, as if the server had failed. A JSON body that
// does not parse already gets HTTP 400 BAD_REQUEST; this gives the query string the same answer,
// naming the parameter. (A parameter that is JSON but not an object is yoga's own 400 already.)
import { GraphQLError } from "graphql";
import type { Plugin } from "graphql-yoga";

const JSON_PARAMS = ["variables", "extensions"] as const;

function badRequest(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { http: { status: 400 }, code: "BAD_REQUEST" } });
}

/** Throws BAD_REQUEST for the first JSON parameter that does not parse. Never quotes the text. */
export function checkJsonParams(params: URLSearchParams, where: string): void {
  for (const name of JSON_PARAMS) {
    const text = params.get(name);
    // An empty parameter is an absent one, as yoga reads it.
    if (!text) continue;
    try {
      JSON.parse(text);
    } catch {
      throw badRequest(`The "${name}" parameter ${where} is not valid JSON; send a JSON object, e.g. ${name}={"key":"value"} (URL-encoded).`);
    }
  }
}

function isFormRequest(request: Request): boolean {
  const type = request.headers.get("content-type")?.split(",")[0]?.split(";")[0]?.trim().toLowerCase();
  return request.method === "POST" && type === "application/x-www-form-urlencoded";
}

export function useJsonParamsCheck(): Plugin {
  return {
    onRequestParse({ request, requestParser, setRequestParser }) {
      // No parser means yoga answers 415 itself; other bodies (JSON, multipart) have their own checks.
      if (!requestParser) return;
      if (request.method === "GET") {
        setRequestParser((req) => {
          checkJsonParams(new URL(req.url, "http://localhost").searchParams, "in the query string");
          return requestParser(req);
        });
      } else if (isFormRequest(request)) {
        setRequestParser(async (req) => {
          checkJsonParams(new URLSearchParams(await req.clone().text()), "in the form body");
          return requestParser(req);
        });
      }
    },
  };
}
