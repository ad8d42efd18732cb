// The yoga app, separate from the code that listens: tests call it in-process or serve it on port 0.
import { EnvelopArmorPlugin } from "@escape.tech/graphql-armor";
import { createYoga, type YogaServerInstance } from "graphql-yoga";
import { CorpDirectory } from "../domain/corps.js";
import type { GraphContext } from "../graph/context.js";
import { schema } from "../graph/schema.js";
import { Loaders, PageSizeHints } from "../loaders/createLoaders.js";
import { ListCache } from "../loaders/ListCache.js";
import type { Sources } from "../loaders/sources.js";
import { silentLogger, systemClock, type Clock, type FetchLike, type Logger } from "../vendors/http/deps.js";
import type { AppConfig } from "./config.js";
import { createSources } from "./createSources.js";
import { toClientError, useErrorBoundary } from "./errorBoundary.js";
import { useCompiledQueries } from "./useCompiledQueries.js";
import { useRequestLog } from "./useRequestLog.js";
import { graphiqlFactory, renderGraphiQL, type GraphiQLSettings } from "./graphiql.js";

export interface AppDeps {
  fetch?: FetchLike;
  logger?: Logger;
  clock?: Clock;
  /** Replaces the vendor clients built from the config (tests). */
  sources?: Sources;
  retryBaseDelayMs?: number;
  directoryConcurrency?: number;
  graphiql?: GraphiQLSettings | false;
}

export type { GraphiQLSettings } from "./graphiql.js";

export type App = YogaServerInstance<Record<string, never>, GraphContext>;

export function createApp(config: AppConfig, deps: AppDeps = {}): App {
  const logger = deps.logger ?? silentLogger;
  const sources = deps.sources ?? createSources(config.vendors, { fetch: deps.fetch, logger, clock: deps.clock, retryBaseDelayMs: deps.retryBaseDelayMs });
  const corps = new CorpDirectory(config.corps);
  const hints = new PageSizeHints();
  const lists = new ListCache(config.cache.listTtlSeconds * 1000, deps.clock ?? systemClock);
  const graphiql = deps.graphiql ?? {};
  const yoga: App = createYoga<Record<string, never>, GraphContext>({
    schema,
    graphqlEndpoint: "/graphql",
    context: (): GraphContext => ({
      loaders: new Loaders(sources, { hints, lists, ...(deps.directoryConcurrency ? { directoryConcurrency: deps.directoryConcurrency } : {}) }),
      corps,
      softErrors: [],
    }),
    maskedErrors: { maskError: (error) => toClientError(error, logger) },
    plugins: [
      // Every field here can fan out to vendor calls, so a query's shape is bounded before it runs.
      // The limits leave room for the deepest useful walk (customer → owner → account → corp).
      EnvelopArmorPlugin({
        maxDepth: { n: 15 },
        maxAliases: { n: 30 },
        maxTokens: { n: 5000 },
        maxDirectives: { n: 30 },
        costLimit: { maxCost: 20_000 },
        blockFieldSuggestion: { enabled: false },
      }),
      useErrorBoundary(logger),
      useRequestLog(logger, deps.clock ?? systemClock),
      useCompiledQueries({ logger }),
    ],
    // The examples' variables are read from this app itself, in-process, when GraphiQL opens.
    graphiql: graphiql === false ? false : graphiqlFactory(config, graphiql, async (query, variables) => {
      const response = await yoga.fetch("http://localhost/graphql", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query, variables }) });
      return response.json();
    }),
    renderGraphiQL,
    logging: false,
    landingPage: false,
  });
  return yoga;
}
