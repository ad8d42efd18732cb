// Replicas for the quota and token tests: real simulators whose every request is logged with its
// arrival time, and N apps (createApp, as `npm start` builds it) over them, each with its own
// connection to the same real redis-server when `redis` is given, as separate processes would have.
import { createApp, type App, type AppDeps } from "../../src/server/app.js";
import { configSchema, type AppConfig } from "../../src/server/config.js";
import type { Vendor } from "../../src/errors/codes.js";
import { simulatorConfig } from "../../src/simulators/simulatorConfig.js";
import { startSimulators, type RunningSimulators, type SimRequestEvent, type StartSimulatorsOptions } from "../../src/simulators/startSimulators.js";
import type { GraphResult } from "./graph.js";
import { captureLogger } from "./captureLogger.js";

export interface Replica {
  app: App;
  logs: ReturnType<typeof captureLogger>;
  query<T = any>(query: string, variables?: Record<string, unknown>): Promise<GraphResult<T>>;
}

export interface LoggedSimulators extends RunningSimulators {
  /** Every vendor request since start (or `forget()`), in arrival order. */
  requests: SimRequestEvent[];
  /** Arrival times of one vendor's requests, all endpoints or one. */
  arrivals(vendor: Vendor, endpoint?: string): number[];
  forget(): void;
}

export async function loggedSimulators(options: StartSimulatorsOptions = {}): Promise<LoggedSimulators> {
  const requests: SimRequestEvent[] = [];
  const sim = await startSimulators({ ...options, onRequest: (e) => requests.push(e) });
  return Object.assign(sim, {
    requests,
    arrivals: (vendor: Vendor, endpoint?: string) => requests.filter((r) => r.vendor === vendor && (endpoint === undefined || r.endpoint === endpoint)).map((r) => r.at),
    forget: () => void requests.splice(0),
  });
}

export interface ReplicaOptions {
  count: number;
  /** The shared redis: URL and a key prefix of the test's own. */
  redis?: { url: string; keyPrefix: string };
  /** Edits the parsed-to-be config (quota, concurrency, a vendor's settings). */
  config?: (config: ReturnType<typeof simulatorConfig>) => unknown;
  deps?: AppDeps;
}

export function startReplicas(sim: RunningSimulators, options: ReplicaOptions): { replicas: Replica[]; config: AppConfig; close(): Promise<void> } {
  const raw = simulatorConfig(sim.url, sim.dataset);
  const edited = options.config ? options.config(raw) : raw;
  const config = configSchema.parse(options.redis ? { ...(edited as object), redis: options.redis } : edited);
  const replicas = Array.from({ length: options.count }, (): Replica => {
    const logs = captureLogger();
    const app = createApp(config, { logger: logs, retryBaseDelayMs: 1, ...options.deps });
    return {
      app,
      logs,
      query: async (text, variables) => {
        const res = await app.fetch("http://graph.test/graphql", {
          method: "POST",
          headers: { "content-type": "application/json", accept: "application/graphql-response+json" },
          body: JSON.stringify({ query: text, variables }),
        });
        return (await res.json()) as GraphResult;
      },
    };
  });
  return { replicas, config, close: async () => void (await Promise.all(replicas.map((r) => r.app.dispose()))) };
}

/** The query the hammer sends: one page of yunzhenji's account list. */
export const ACCOUNTS_PAGE = "{ accounts(first: 1) { totalCount } }";

export interface HammerResult {
  ok: number;
  /** Errors by extensions.code (with vendorCode when the vendor sent one). */
  errors: Record<string, number>;
  retryAfterSeconds: number[];
}

/** `loops` concurrent query loops on each replica until `ms` have passed. */
export async function hammer(replicas: readonly Replica[], query: string, ms: number, loops: number): Promise<HammerResult[]> {
  const stopAt = Date.now() + ms;
  return Promise.all(
    replicas.map(async (replica) => {
      const result: HammerResult = { ok: 0, errors: {}, retryAfterSeconds: [] };
      await Promise.all(
        Array.from({ length: loops }, async () => {
          while (Date.now() < stopAt) {
            const res = await replica.query(query);
            if (!res.errors) {
              result.ok++;
              continue;
            }
            for (const e of res.errors) {
              const key = `${e.extensions?.["code"]}${e.extensions?.["vendorCode"] === undefined ? "" : `:${e.extensions["vendorCode"]}`}`;
              result.errors[key] = (result.errors[key] ?? 0) + 1;
              if (typeof e.extensions?.["retryAfterSeconds"] === "number") result.retryAfterSeconds.push(e.extensions["retryAfterSeconds"]);
            }
          }
        }),
      );
      return result;
    }),
  );
}
