// Hive Gateway configuration for the example (loaded with `hive-gateway supergraph FILE -c THIS`).
// The supergraph itself comes from the command line.
import { defineConfig } from "@graphql-hive/gateway";
import { limitsSchema } from "../../src/limits/limitsConfig.js";

/**
 * The gateway refuses what wecom-graph would refuse: the same limit as its `limits.maxQueryCost`
 * (gateway.ts passes the graph's own; by hand, the default), counted by the `@cost`/`@listSize`
 * directives the graph's subgraph SDL carries (README, "Demand control in a router").
 */
function maxCost(): number {
  const raw = process.env["WECOM_GRAPH_MAX_QUERY_COST"];
  if (raw === undefined || raw === "") return limitsSchema.parse(undefined).maxQueryCost;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new Error(`WECOM_GRAPH_MAX_QUERY_COST must be a positive integer, got ${JSON.stringify(raw)}`);
  return value;
}

export const gatewayConfig = defineConfig({
  // The gateway does not pass client headers on by default; wecom-graph authenticates every
  // request with `Authorization: Bearer …`, so the client's credential travels to each subgraph.
  propagateHeaders: {
    fromClientToSubgraphs: ({ request }) => {
      const authorization = request.headers.get("authorization");
      return authorization ? { authorization } : {};
    },
  },
  // Demand control: an operation the directives price above maxCost is refused
  // (COST_ESTIMATED_TOO_EXPENSIVE) before any subgraph is called; every answer carries
  // `extensions.cost = { estimated, max }`, the figure to compare with ours.
  demandControl: {
    maxCost: maxCost(),
    includeExtensionMetadata: true,
  },
});
