// The assembled schema. Importing a type's file registers it (and its queries) on the builder, in
// this order: fields keep the order they were added in, and schema/subgraph.graphql prints them so
// (Query: accounts, employee, corps, corp, then node; Corp: departures, then customerStats).
import { printSubgraphSchema } from "@apollo/subgraph";
import { lexicographicSortSchema, type GraphQLSchema } from "graphql";
import { builder } from "./builder.js";
import { printSchemaWithCost } from "./printSchemaWithCost.js";
import "./Query.js";
import "./DateTime.js";
import "./enums.js";
import "./CustomerTag.js";
import "./CustomerFilter.js";
import "./WeComAccount.js";
import "./Employee.js";
import "./Corp.js";
import "./ExternalCustomer.js";
import "./Departure.js";
import "./CustomerStats.js";
import "./nodeQuery.js";
import "./Subscription.js";
import "./federation.js";

/**
 * What the endpoint serves: the graph plus the two root fields a federation gateway needs,
 * `_service { sdl }` and `_entities(representations:)`, so one endpoint is both the public graph
 * and a subgraph.
 */
export const schema: GraphQLSchema = builder.toSubGraphSchema({
  // v2.9 brings the demand-control directives into federation; their values come from the cost
  // model (costDirectivesPlugin.ts). The import list is written out: given one, the federation
  // plugin no longer collects the directives it applies itself (today only @key).
  linkUrl: "https://specs.apollo.dev/federation/v2.9",
  federationDirectives: ["@cost", "@key", "@listSize"],
});

/**
 * The committed schema (schema/schema.graphql): sorted, so a diff shows only real changes, with
 * the cost directives a router's demand control reads.
 */
export function printContract(): string {
  return `${printSchemaWithCost(lexicographicSortSchema(schema))}\n`;
}

/**
 * The subgraph SDL (schema/subgraph.graphql): what `_service { sdl }` answers and what composition
 * reads, with the federation directives (`@link`, `@key`) that printSchema leaves out.
 */
export function printSubgraph(): string {
  return `${printSubgraphSchema(schema)}\n`;
}
