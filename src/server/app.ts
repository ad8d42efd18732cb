// The yoga app, separate from the code that listens (tests call it in-process).
import { createYoga, createSchema } from "graphql-yoga";
import type { AppConfig } from "./config.js";
import type { Clock, FetchLike, Logger } from "../vendors/http/deps.js";

export interface AppDeps {
  fetch?: FetchLike;
  logger?: Logger;
  clock?: Clock;
}

// Placeholder until the graph lands (issue 4): enough for start-up to answer a query.
export function createApp(config: AppConfig, _deps: AppDeps = {}) {
  return createYoga({
    schema: createSchema({
      typeDefs: /* GraphQL */ `type Query { corps: [Corp!]! } type Corp { corpId: String! name: String }`,
      resolvers: { Query: { corps: () => config.corps.map((c) => ({ corpId: c.corpId, name: c.name ?? null })) } },
    }),
    graphqlEndpoint: "/graphql",
    graphiql: { title: "wecom-graph" },
  });
}
