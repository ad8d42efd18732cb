// Requests over `limits.maxBodyBytes` are refused with HTTP 413 before anything reads them: a
// declared Content-Length here, before the body is read; a chunked body by yoga's own
// `maxRequestBodySize` (given the same limit), which counts bytes as they stream in and stops at
// the limit. A GET carries its query in the URL: one longer than the limit is refused the same way
// (over HTTP, Node refuses a request line over its 16 KiB header limit with 431 before this).
import { GraphQLError } from "graphql";
import type { Plugin } from "graphql-yoga";

export function bodyTooLarge(what: string, limit: number): GraphQLError {
  return new GraphQLError(`${what} exceeds limits.maxBodyBytes (${limit} bytes): send a shorter query or fewer variables`, {
    extensions: { code: "REQUEST_ENTITY_TOO_LARGE", http: { status: 413 } },
  });
}

export function useBodyLimit(limit: number): Plugin {
  return {
    onRequestParse({ request }) {
      const declared = request.headers.get("content-length");
      if (declared !== null && /^\d+$/.test(declared) && Number(declared) > limit) throw bodyTooLarge(`the request body (${declared} bytes)`, limit);
      if (request.url.length > limit) throw bodyTooLarge(`the request URL (${request.url.length} characters)`, limit);
    },
    onResponse({ response }) {
      // The rest of the refused body may still be on its way: the connection cannot carry another request.
      if (response.status === 413) response.headers.set("connection", "close");
    },
  };
}
