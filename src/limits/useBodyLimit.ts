// Requests over `limits.maxBodyBytes` are refused with HTTP 413 before anything parses them. A
// declared Content-Length is checked before the body is read, and is all the check a body with one
// needs: Node's HTTP parser hands over exactly that many bytes. A chunked body, which declares no
// length, is counted as it arrives and refused at the first chunk past the limit. A GET carries its
// query in the URL: one longer than the limit is refused the same way (over HTTP, Node refuses a
// request line over its 16 KiB header limit with 431 before this). This replaces yoga's own
// `maxRequestBodySize` (turned off in createApp), which pipes every body through a counting
// stream, length declared or not: a cost on every request for what only chunked ones need.
import { GraphQLError } from "graphql";
import type { Plugin } from "graphql-yoga";
import type { RequestErrorCode } from "../errors/codes.js";

export function bodyTooLarge(what: string, limit: number): GraphQLError {
  return new GraphQLError(`${what} exceeds limits.maxBodyBytes (${limit} bytes): send a shorter query or fewer variables`, {
    extensions: { code: "REQUEST_ENTITY_TOO_LARGE" satisfies RequestErrorCode, http: { status: 413 } },
  });
}

function badLength(): GraphQLError {
  return new GraphQLError("the Content-Length header is not a byte count", { extensions: { code: "BAD_REQUEST" satisfies RequestErrorCode, http: { status: 400 } } });
}

/** The body of a request that declared no length, read up to `limit` bytes and no further. */
async function readWithin(request: Request, limit: number): Promise<Uint8Array<ArrayBuffer>> {
  const reader = (request.body as ReadableStream<Uint8Array>).getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) {
      const body = new Uint8Array(size);
      let at = 0;
      for (const chunk of chunks) {
        body.set(chunk, at);
        at += chunk.byteLength;
      }
      return body;
    }
    size += value.byteLength;
    if (size > limit) {
      // The rest is not read: the response closes the connection (onResponse below).
      void reader.cancel().catch(() => {});
      throw bodyTooLarge("the request body (sent without a length)", limit);
    }
    chunks.push(value);
  }
}

export function useBodyLimit(limit: number): Plugin {
  return {
    onRequestParse({ request, requestParser, setRequestParser, fetchAPI }) {
      const declared = request.headers.get("content-length");
      if (declared !== null) {
        if (!/^\d+$/.test(declared)) throw badLength();
        if (Number(declared) > limit) throw bodyTooLarge(`the request body (${declared} bytes)`, limit);
      }
      if (request.url.length > limit) throw bodyTooLarge(`the request URL (${request.url.length} characters)`, limit);
      if (declared === null && request.body && requestParser) {
        const parse = requestParser;
        setRequestParser(async (req) =>
          parse(new fetchAPI.Request(req.url, { method: req.method, headers: req.headers, body: await readWithin(req, limit) })),
        );
      }
    },
    onResponse({ response }) {
      // The rest of the refused body may still be on its way: the connection cannot carry another request.
      if (response.status === 413) response.headers.set("connection", "close");
    },
  };
}
