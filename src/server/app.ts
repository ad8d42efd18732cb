// The yoga app, separate from the code that listens: tests call it in-process or serve it on port 0.
import { EnvelopArmorPlugin } from "@escape.tech/graphql-armor";
import { createYoga, type YogaServerInstance } from "graphql-yoga";
import { CorpDirectory } from "../domain/corps.js";
import type { GraphContext } from "../graph/context.js";
import { schema } from "../graph/schema.js";
import { cacheSettings, cachesAnything } from "../cache/CacheSettings.js";
import { GraphCache } from "../cache/GraphCache.js";
import { useStaleExtension } from "../cache/useStaleExtension.js";
import { Loaders, PageSizeHints } from "../loaders/createLoaders.js";
import { SourceCosts } from "../loaders/employeeSources.js";
import type { Sources } from "../loaders/sources.js";
import type { Observer } from "../ops/Observer.js";
import { connectRedis } from "../state/connectRedis.js";
import { silentLogger, systemClock, type Clock, type FetchLike, type Logger } from "../vendors/http/deps.js";
import type { AppConfig } from "./config.js";
import { createSources } from "./createSources.js";
import { toClientError, useErrorBoundary } from "./errorBoundary.js";
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
  /** Told about cache reads (and, with src/ops, everything else worth counting). */
  observer?: Observer;
  /** Replaces the cache built from the config (tests that wait for background refreshes). */
  cache?: GraphCache | null;
}

export type { GraphiQLSettings } from "./graphiql.js";

export type App = YogaServerInstance<Record<string, never>, GraphContext>;

export function createApp(config: AppConfig, deps: AppDeps = {}): App {
  const logger = deps.logger ?? silentLogger;
  const sources = deps.sources ?? createSources(config.vendors, { fetch: deps.fetch, logger, clock: deps.clock, retryBaseDelayMs: deps.retryBaseDelayMs });
  const corps = new CorpDirectory(config.corps);
  const hints = new PageSizeHints();
  const costs = new SourceCosts();
  const clock = deps.clock ?? systemClock;
  const cacheConfig = cacheSettings(config.cache);
  const caching = deps.cache === undefined && cachesAnything(cacheConfig);
  // Only a cache that keeps something needs Redis; the connection is closed with the app.
  const redis = caching && config.redis ? connectRedis(config.redis, logger) : null;
  const cache = deps.cache !== undefined ? deps.cache : caching ? new GraphCache(cacheConfig, { redis, clock, logger, ...(deps.observer ? { observer: deps.observer } : {}) }) : null;
  const served = cache ? cache.wrap(sources) : sources;
  const graphiql = deps.graphiql ?? {};
  const yoga: App = createYoga<Record<string, never>, GraphContext>({
    schema,
    graphqlEndpoint: "/graphql",
    context: (): GraphContext => ({
      loaders: new Loaders(served, { hints, costs, derived: cache?.derived ?? null, report: cache?.report() ?? null, ...(deps.directoryConcurrency ? { directoryConcurrency: deps.directoryConcurrency } : {}) }),
      corps,
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
      useStaleExtension((ctx: GraphContext) => ctx.loaders.report),
      { onDispose: () => redis?.disconnect() },
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
