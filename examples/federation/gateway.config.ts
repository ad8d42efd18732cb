// Hive Gateway configuration for the example (loaded with `hive-gateway supergraph FILE -c THIS`).
// The supergraph itself comes from the command line.
import { defineConfig } from "@graphql-hive/gateway";

export const gatewayConfig = defineConfig({
  // The gateway does not pass client headers on by default; wecom-graph authenticates every
  // request with `Authorization: Bearer …`, so the client's credential travels to each subgraph.
  propagateHeaders: {
    fromClientToSubgraphs: ({ request }) => {
      const authorization = request.headers.get("authorization");
      return authorization ? { authorization } : {};
    },
  },
});
