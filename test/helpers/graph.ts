// A graph served in-process over real simulators: what the graph tests query, and the simulator
// counters they read to prove what each query cost upstream.
import { createApp, type AppDeps } from "../../src/server/app.js";
import { configSchema, type AppConfig } from "../../src/server/config.js";
import { simulatorConfig } from "../../src/simulators/simulatorConfig.js";
import { startSimulators, type RunningSimulators, type SimStats, type StartSimulatorsOptions } from "../../src/simulators/startSimulators.js";
import type { Logger } from "../../src/core/Logger.js";
import { expect } from "vitest";

export interface GraphResult<T = any> {
  data?: T | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, any> }[];
  extensions?: Record<string, any>;
}

export interface TestGraph {
  sim: RunningSimulators;
  config: AppConfig;
  logs: { level: string; obj: object; msg?: string }[];
  query<T = any>(query: string, variables?: Record<string, unknown>): Promise<GraphResult<T>>;
  /** Runs a query and returns it with the upstream calls it made (a counter difference: a reset would also revoke tokens). */
  measure<T = any>(query: string, variables?: Record<string, unknown>): Promise<{ result: GraphResult<T>; calls: SimStats }>;
  close(): Promise<void>;
}

export interface TestGraphOptions {
  sim?: StartSimulatorsOptions;
  /** Edits the simulator config (e.g. drop a vendor) before the app is built. */
  config?: (config: ReturnType<typeof simulatorConfig>) => unknown;
  deps?: AppDeps;
}

/** The knobs that undo every vendor's forced fault (for an afterEach). */
export const NO_FORCED_ERRORS = { yunzhenji: { forceError: null }, shiheng: { forceError: null }, yunzhong: { forceError: null }, directory: { forceError: null } } as const;

const SHORT_PAUSES = { yunzhenji: 1, shiheng: 1, yunzhong: 1, directory: 1 };

export async function startTestGraph(options: TestGraphOptions = {}): Promise<TestGraph> {
  const sim = await startSimulators(options.sim ?? {});
  const raw = simulatorConfig(sim.url, sim.dataset);
  const config = configSchema.parse(options.config ? options.config(raw) : raw);
  const logs: TestGraph["logs"] = [];
  const logger: Logger = {
    debug: (obj, msg) => logs.push({ level: "debug", obj, ...(msg ? { msg } : {}) }),
    info: (obj, msg) => logs.push({ level: "info", obj, ...(msg ? { msg } : {}) }),
    warn: (obj, msg) => logs.push({ level: "warn", obj, ...(msg ? { msg } : {}) }),
    error: (obj, msg) => logs.push({ level: "error", obj, ...(msg ? { msg } : {}) }),
  };
  // Like backoff, a vendor's rate-limit pause (a minute for yunzhenji) is scaled down so one test's
  // 407 does not stop the next test's calls; the quota tests (test/quota/) set their own.
  const app = createApp(config, { logger, retryBaseDelayMs: 1, quota: { pauseMs: SHORT_PAUSES }, ...options.deps });
  const query = async <T,>(text: string, variables?: Record<string, unknown>): Promise<GraphResult<T>> => {
    const res = await app.fetch("http://graph.test/graphql", {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/graphql-response+json" },
      body: JSON.stringify({ query: text, variables }),
    });
    return (await res.json()) as GraphResult<T>;
  };
  return {
    sim,
    config,
    logs,
    query,
    measure: async <T,>(text: string, variables?: Record<string, unknown>) => {
      const before = sim.stats();
      const result = await query<T>(text, variables);
      return { result, calls: diffStats(sim.stats(), before) };
    },
    close: () => sim.close(),
  };
}

/**
 * Pages one connection to its end, each page asked with `after` = the previous page's endCursor:
 * every node in order, the last page's totalCount, and each page's data calls. Every page must
 * answer without errors, and the walk must end within `maxPages`.
 */
export async function pageAll(g: TestGraph, query: string, variables: Record<string, unknown>, connectionOf: (data: any) => any, maxPages = 100) {
  const nodes: any[] = [];
  const costs: ReturnType<typeof dataCalls>[] = [];
  let after: string | null = null;
  for (let page = 0; page < maxPages; page++) {
    const { result, calls }: { result: GraphResult; calls: SimStats } = await g.measure(query, { ...variables, after });
    expect(result.errors).toBeUndefined();
    const conn = connectionOf(result.data);
    nodes.push(...conn.edges.map((e: any) => e.node));
    costs.push(dataCalls(calls));
    if (!conn.pageInfo.hasNextPage) return { nodes, total: conn.totalCount as number, costs };
    after = conn.pageInfo.endCursor;
  }
  throw new Error(`the connection still had a next page after ${maxPages} pages`);
}

/** Upstream data calls of a stats snapshot, token fetches left out (they depend on earlier tests). */
export function dataCalls(calls: SimStats): { yunzhenji: number; shiheng: number; yunzhong: number; directory: number } {
  return {
    yunzhenji: calls.yunzhenji["wechat/list"],
    shiheng: calls.shiheng["employee/list"],
    yunzhong: calls.yunzhong.getList,
    directory: calls.directory.getUser,
  };
}

function diffStats(after: SimStats, before: SimStats): SimStats {
  const out = structuredClone(after) as Record<string, Record<string, number>>;
  for (const [vendor, endpoints] of Object.entries(before as Record<string, Record<string, number>>)) {
    for (const [endpoint, n] of Object.entries(endpoints)) (out[vendor] as Record<string, number>)[endpoint] = ((out[vendor] as Record<string, number>)[endpoint] ?? 0) - n;
  }
  return out as SimStats;
}
