// The yoga app, separate from the code that listens: tests call it in-process or serve it on port 0.
import { createYoga, type Plugin, type YogaServerInstance } from "graphql-yoga";
import type { Redis } from "ioredis";
import { servingDefaults, useNoIntrospection } from "../auth/servingDefaults.js";
import { useCsrfPrevention } from "../auth/useCsrfPrevention.js";
import { loadManifest, PERSISTED_PARAM_NAMES, useTrustedDocuments } from "../auth/trustedDocuments.js";
import { principalOf, useAuthentication } from "../auth/useAuthentication.js";
import { Clients } from "../clients/Clients.js";
import { useClients } from "../clients/useClients.js";
import { MemoryRequestLimitStore } from "../clients/MemoryRequestLimitStore.js";
import { CorpDirectory } from "../domain/corps.js";
import type { GraphContext } from "../graph/context.js";
import { LiveChanges } from "../live/LiveChanges.js";
import { PollerHub } from "../live/PollerHub.js";
import { schema } from "../graph/schema.js";
import { cacheSettings, cachesAnything } from "../cache/CacheSettings.js";
import { GraphCache } from "../cache/GraphCache.js";
import { useStaleExtension } from "../cache/useStaleExtension.js";
import { Loaders, PageSizeHints } from "../loaders/createLoaders.js";
import { SourceCosts } from "../loaders/sourcePlan.js";
import { RequestCallBudget, spendBudget } from "../limits/CallBudget.js";
import { boundedParserCache } from "../limits/documentCache.js";
import { useBodyLimit } from "../limits/useBodyLimit.js";
import { useCostReport } from "../limits/useCostReport.js";
import { useDeadline } from "../limits/useDeadline.js";
import { useQueryCost } from "../limits/useQueryCost.js";
import { useShapeLimits } from "../limits/useShapeLimits.js";
import { Lifecycle } from "../ops/Lifecycle.js";
import { Metrics } from "../ops/Metrics.js";
import { observeExchanges } from "../ops/observeExchanges.js";
import { Readiness } from "../ops/Readiness.js";
import { RequestScopes } from "../ops/requestScope.js";
import { useOps } from "../ops/useOps.js";
import { useRequestLog } from "../ops/useRequestLog.js";
import type { Sources } from "../vendors/Sources.js";
import type { Observer } from "../core/Observer.js";
import type { QuotaTuning } from "../quota/QuotaGovernor.js";
import { connectRedis } from "../redis/connectRedis.js";
import { RedisStore } from "../redis/RedisStore.js";
import { RedisRequestLimitStore } from "../redis/RedisRequestLimitStore.js";
import type { CallOptions } from "../core/CallOptions.js";
import { reservedClient } from "../core/CallClient.js";
import { silentLogger, type Logger } from "../core/Logger.js";
import { systemClock, type Clock } from "../core/Clock.js";
import { type FetchLike } from "../core/FetchLike.js";
import type { AppConfig } from "./config.js";
import { createSources } from "./createSources.js";
import { toClientError, useErrorBoundary } from "./errorBoundary.js";
import { useCompiledQueries } from "./useCompiledQueries.js";
import { useJsonParamsCheck } from "./useJsonParamsCheck.js";
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
  /** Shutdown state for /readyz (startServer shares its own; in-process apps never shut down). */
  lifecycle?: Lifecycle;
  /** The metrics registry behind /metrics (tests read it). */
  metrics?: Metrics;
  /** A Redis connection to share instead of the one `config.redis` would open (the app then leaves it open). */
  redis?: Redis;
  observer?: Observer;
  /** Tests scale the quota's minute down (src/quota/QuotaGovernor.ts). */
  quota?: QuotaTuning;
  /** Tests shorten the yunzhenji token lease. */
  tokenLeaseMs?: number;
  /** Replaces the cache built from the config (tests that wait for background refreshes). */
  cache?: GraphCache | null;
}

export type { GraphiQLSettings } from "./graphiql.js";

export type App = YogaServerInstance<Record<string, never>, GraphContext>;

export function createApp(config: AppConfig, deps: AppDeps = {}): App {
  const logger = deps.logger ?? silentLogger;
  const clock = deps.clock ?? systemClock;
  const { limits } = config;
  const metrics = deps.metrics ?? new Metrics();
  const lifecycle = deps.lifecycle ?? new Lifecycle();
  // Replicas sharing `redis` share the vendors' quotas and the yunzhenji token (src/quota, src/redis).
  const ownRedis = deps.redis === undefined && config.redis ? connectRedis(config.redis, logger) : null;
  const redis = deps.redis ?? ownRedis;
  // Outermost first: a call the budget refuses is never sent nor counted; the quota governor
  // (createSources) runs innermost, so a call that waits for budget is timed from when it is sent.
  const wrappers = [spendBudget, observeExchanges(metrics)];
  const clients = new Clients(config.clients);
  const sources =
    deps.sources ??
    createSources(config.vendors, {
      fetch: deps.fetch,
      logger,
      clock: deps.clock,
      retryBaseDelayMs: deps.retryBaseDelayMs,
      wrappers,
      redis,
      observer: deps.observer ?? metrics,
      quota: deps.quota,
      tokenLeaseMs: deps.tokenLeaseMs,
      batchCap: clients.batchCap,
    });
  const corps = new CorpDirectory(config.corps);
  const hints = new PageSizeHints();
  const costs = new SourceCosts();
  const cacheConfig = cacheSettings(config.cache);
  const caching = deps.cache === undefined && cachesAnything(cacheConfig);
  const cache = deps.cache !== undefined ? deps.cache : caching ? new GraphCache(cacheConfig, { shared: redis ? new RedisStore(redis) : null, clock, logger, observer: deps.observer ?? metrics }) : null;
  // Requests read through the cache; readiness probes (and live pollers) ask the vendors themselves.
  const served = cache ? cache.wrap(sources) : sources;
  const scopes = new RequestScopes({ logger, clock, requestTimeoutMs: limits.requestTimeoutMs, budget: () => new RequestCallBudget(limits.maxUpstreamCallsPerRequest) });
  // Request limits count cluster-wide when replicas share `redis`; no store at all without a limit.
  const requestLimits = clients.anyLimited ? (redis ? new RedisRequestLimitStore(redis, logger) : new MemoryRequestLimitStore(() => clock.now())) : null;
  const readiness = new Readiness(sources, config.corps, { clock, logger, isShuttingDown: () => lifecycle.shuttingDown });
  const serving = servingDefaults(config);
  const graphiql = serving.graphiql ? (deps.graphiql ?? {}) : false;
  const trusted = config.persistedDocuments ? loadManifest(config.persistedDocuments.file, schema) : new Map<string, string>();
  const newLoaders = (call: CallOptions) =>
    new Loaders(served, {
      hints,
      costs,
      call,
      derived: cache?.derived ?? null,
      report: cache?.report() ?? null,
      ...(deps.directoryConcurrency ? { directoryConcurrency: deps.directoryConcurrency } : {}),
    });
  // Subscriptions: shared pollers over the vendor clients themselves, past the cache (a cached
  // answer would hide a change for a whole TTL) but through the quota governor (src/live). A
  // subscription lives on, so each event's fields get loaders with a deadline of their own.
  const live = new LiveChanges(
    sources,
    new PollerHub({ intervalMs: config.live.pollSeconds * 1000, logger, ...(deps.clock ? { clock: deps.clock } : {}) }),
    () => newLoaders({ deadline: clock.now() + limits.requestTimeoutMs, logger, client: reservedClient("live") }),
    deps.observer ?? metrics,
  );
  lifecycle.onDrain(() => live.close());
  const yoga: App = createYoga<Record<string, never>, GraphContext>({
    schema,
    graphqlEndpoint: "/graphql",
    context: ({ request }): GraphContext => {
      const scope = scopes.of(request);
      return {
        loaders: newLoaders(scope.call),
        corps,
        scope,
        principal: principalOf(request),
        live,
        // Read only by a subscription: whatwg-node builds a request's signal on first access.
        get signal() {
          return request.signal;
        },
      };
    },
    maskedErrors: { maskError: (error) => toClientError(error, logger) },
    // useBodyLimit (src/limits/) bounds bodies: a declared length before reading, a chunked body as it arrives.
    maxRequestBodySize: false,
    parserAndValidationCache: boundedParserCache(),
    cors: serving.cors,
    extraParamNames: PERSISTED_PARAM_NAMES,
    plugins: [
      // First: operator endpoints answer before authentication, and every response gets its request id.
      useOps({ scopes, readiness, metrics }),
      useBodyLimit(limits.maxBodyBytes),
      // Access (src/auth/): who is asking, before the body is even parsed; then, with a config file,
      // CSRF prevention (GET and form posts must carry a header a cross-site form cannot set).
      useAuthentication(config.auth, logger),
      // Whom the request's vendor calls are charged to (src/clients): after authentication named them;
      // a client over its requestsPerMinute is refused here, before its body is parsed.
      useClients(clients, { clientName: (request) => principalOf(request)?.client, scopeOf: (request) => scopes.of(request) }, requestLimits),
      ...(serving.csrf ? [useCsrfPrevention()] : []),
      useTrustedDocuments(trusted, config.persistedDocuments?.only ?? false),
      ...(serving.introspection ? [] : [useNoIntrospection()]),
      // Every field here can fan out to vendor calls, so a query's shape is bounded before it runs.
      // The depth leaves room for the deepest useful walk (customer → owner → account → corp).
      useShapeLimits({ maxDepth: limits.maxDepth }),
      // Before any other onExecute hook: a refused operation never starts.
      useQueryCost({ maxCost: limits.maxQueryCost, corpCount: config.corps.length }),
      // extensions.cost for a request that asks for it (x-wecom-graph-cost: report).
      useCostReport({ maxCost: limits.maxQueryCost, corpCount: config.corps.length }),
      // Sets the executor (graphql-jit for repeated queries) before useDeadline wraps whichever it is.
      useCompiledQueries({ logger }),
      useDeadline(clock, limits.requestTimeoutMs),
      useJsonParamsCheck(),
      useErrorBoundary(logger),
      useRequestLog(logger, clock, metrics),
      useStaleExtension((ctx: GraphContext) => ctx.loaders.report),
      ...(ownRedis ? [closeOnDispose(ownRedis)] : []),
      // Disposing the app (server shutdown) stops the pollers and ends every subscription.
      { onDispose: () => live.close() },
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

/** `app.dispose()` closes the Redis connection the app opened itself. */
function closeOnDispose(redis: Redis): Plugin {
  return {
    onDispose: async () => {
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
