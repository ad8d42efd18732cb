// Ties each request to its client, right after authentication and before the body is parsed:
// from then on every vendor call the request makes carries the client (src/core/CallClient.ts),
// which the quota governor reads for priority and share, and metrics for their `client` label.
// The server hands in how to find a request's client name and scope, so this concern needs no
// other concern.
import type { Plugin } from "graphql-yoga";
import { ANONYMOUS } from "../core/CallClient.js";
import type { RequestScope } from "../core/RequestScope.js";
import type { Clients } from "./Clients.js";

export interface ClientLookup {
  /** The authenticated client's name; undefined before (or without) authentication. */
  clientName(request: Request): string | undefined;
  scopeOf(request: Request): RequestScope;
}

export function useClients(clients: Clients, lookup: ClientLookup): Plugin {
  return {
    onRequestParse({ request }) {
      lookup.scopeOf(request).call.client = clients.of(lookup.clientName(request) ?? ANONYMOUS);
    },
  };
}
