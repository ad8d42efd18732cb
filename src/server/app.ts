// The yoga app, separate from the code that listens: tests call it in-process or serve it on port 0.
import { createYoga, type YogaServerInstance } from "graphql-yoga";
import { CorpDirectory } from "../domain/corps.js";
import type { GraphContext } from "../graph/context.js";
import { schema } from "../graph/schema.js";
import { Loaders, PageSizeHints } from "../loaders/createLoaders.js";
import type { Sources } from "../loaders/sources.js";
import { silentLogger, type Clock, type FetchLike, type Logger } from "../vendors/http/deps.js";
import type { AppConfig } from "./config.js";
import { createSources } from "./createSources.js";
import { toClientError, useErrorBoundary } from "./errorBoundary.js";

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

export interface GraphiQLSettings {
  title?: string;
  defaultQuery?: string;
}

export type App = YogaServerInstance<Record<string, never>, GraphContext>;

export function createApp(config: AppConfig, deps: AppDeps = {}): App {
  const logger = deps.logger ?? silentLogger;
  const sources = deps.sources ?? createSources(config.vendors, { fetch: deps.fetch, logger, clock: deps.clock, retryBaseDelayMs: deps.retryBaseDelayMs });
  const corps = new CorpDirectory(config.corps);
  const hints = new PageSizeHints();
  const graphiql = deps.graphiql ?? {};
  return createYoga<Record<string, never>, GraphContext>({
    schema,
    graphqlEndpoint: "/graphql",
    context: (): GraphContext => ({
      loaders: new Loaders(sources, { hints, ...(deps.directoryConcurrency ? { directoryConcurrency: deps.directoryConcurrency } : {}) }),
      corps,
      softErrors: [],
    }),
    maskedErrors: { maskError: (error) => toClientError(error, logger) },
    plugins: [useErrorBoundary(logger)],
    graphiql: graphiql === false ? false : { title: graphiql.title ?? "wecom-graph", ...(graphiql.defaultQuery ? { defaultQuery: graphiql.defaultQuery } : {}) },
    logging: false,
    landingPage: false,
  });
}
