// Ties each request to its client, right after authentication and before the body is parsed:
// from then on every vendor call the request makes carries the client (src/core/CallClient.ts),
// which the quota governor reads for priority and share, and metrics for their `client` label.
// A client with `requestsPerMinute` is held to it here too (README, Sharing the vendors' quotas):
// over it, the request is answered 429 RATE_LIMITED at once, so it costs no parse and no vendor
// call, and other clients are served as before. The server hands in how to find a request's
// client name and scope and where requests are counted, so this concern needs no other concern.
import type { Plugin } from "graphql-yoga";
import type { RequestErrorCode } from "../errors/codes.js";
import { ANONYMOUS } from "../core/CallClient.js";
import type { RequestScope } from "../core/RequestScope.js";
import type { Clients } from "./Clients.js";
import type { RequestLimitStore } from "./RequestLimitStore.js";

/** `requestsPerMinute` counts in a sliding window of a minute. */
export const REQUEST_LIMIT_WINDOW_MS = 60_000;

export interface ClientLookup {
  /** The authenticated client's name; undefined before (or without) authentication. */
  clientName(request: Request): string | undefined;
  scopeOf(request: Request): RequestScope;
}

export function useClients(clients: Clients, lookup: ClientLookup, limits: RequestLimitStore | null = null): Plugin {
  return {
    onRequestParse({ request, endResponse, fetchAPI }) {
      const scope = lookup.scopeOf(request);
      const client = clients.of(lookup.clientName(request) ?? ANONYMOUS);
      scope.call.client = client;
      // An unlimited client (most of them) costs no more than the map lookup.
      const limit = limits ? clients.requestsPerMinute(client.name) : null;
      if (limit === null || !limits) return;
      return limits.take(client.name, limit, REQUEST_LIMIT_WINDOW_MS).then((result) => {
        if (result.ok) return;
        const seconds = Math.max(1, Math.ceil(result.retryAfterMs / 1000));
        const message = `Client ${JSON.stringify(client.name)} is over its ${limit} requests a minute; retry in ${seconds} s.`;
        // Counted and logged once by the ops plugin (src/ops/useOps.ts) as its response goes out.
        scope.rejected = { reason: "rate_limited", code: "RATE_LIMITED", message };
        endResponse(rateLimited(message, seconds, request, fetchAPI));
      });
    },
  };
}

/**
 * The refusal, answered here rather than thrown into yoga (as authentication does): yoga would
 * render it in the media type the request accepts, and a browser's `Accept: text/html` would turn
 * the 429 into a 406. The body is the JSON error README.md (Errors) shows, whatever is accepted.
 */
function rateLimited(message: string, seconds: number, request: Request, fetchAPI: { Response: typeof Response }): Response {
  const accept = request.headers.get("accept") ?? "";
  const type = accept.includes("application/graphql-response+json") ? "application/graphql-response+json" : "application/json";
  return new fetchAPI.Response(JSON.stringify({ errors: [{ message, extensions: { code: "RATE_LIMITED" satisfies RequestErrorCode } }] }), {
    status: 429,
    headers: { "content-type": `${type}; charset=utf-8`, "retry-after": String(seconds) },
  });
}
