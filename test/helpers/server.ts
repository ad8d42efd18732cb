// A real server on port 0 over real simulators, started the way `npm start -- --config FILE`
// starts it (a config file written from the simulators' addresses), for the tests of what only a
// real socket shows: status codes, headers, a client going away, a drain.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import type { AppDeps } from "../../src/server/app.js";
import { startServer, type RunningServer } from "../../src/server/startServer.js";
import { simulatorConfig, type SimulatorConfig } from "../../src/simulators/simulatorConfig.js";
import { startSimulators, type RunningSimulators, type StartSimulatorsOptions } from "../../src/simulators/startSimulators.js";
import type { Logger } from "../../src/core/Logger.js";
import { captureLogger, type LogLine } from "./captureLogger.js";
import { writeConfig } from "./writeConfig.js";

export interface RealGraph {
  sim: RunningSimulators;
  server: RunningServer;
  logs: LogLine[];
  /** POSTs a GraphQL request; `init` adds headers or a signal. */
  post(query: string, variables?: Record<string, unknown>, init?: { headers?: Record<string, string>; signal?: AbortSignal }): Promise<{ status: number; headers: Headers; body: any }>;
  close(): Promise<void>;
}

export interface RealGraphOptions {
  sim?: StartSimulatorsOptions;
  /** Added to (or replacing keys of) the simulators' config before it is written; a function gets that config. */
  config?: Record<string, unknown> | ((raw: SimulatorConfig) => Record<string, unknown>);
  deps?: AppDeps;
}

export async function startRealGraph(options: RealGraphOptions = {}): Promise<RealGraph> {
  const sim = await startSimulators(options.sim ?? {});
  const raw = simulatorConfig(sim.url, sim.dataset);
  const path = writeConfig(typeof options.config === "function" ? options.config(raw) : { ...raw, ...options.config });
  const logger = captureLogger();
  const logs = logger.lines;
  let server: RunningServer;
  try {
    server = await startServer({ argv: ["--config", path], env: { PORT: "0" }, host: "127.0.0.1", logger, deps: { retryBaseDelayMs: 1, ...options.deps } });
  } catch (error) {
    await sim.close();
    rmSync(dirname(path), { recursive: true, force: true });
    throw error;
  }
  return {
    sim,
    server,
    logs,
    post: async (query, variables, init = {}) => {
      const res = await fetch(server.graphqlUrl, {
        method: "POST",
        headers: { "content-type": "application/json", ...init.headers },
        body: JSON.stringify({ query, variables }),
        ...(init.signal ? { signal: init.signal } : {}),
      });
      const text = await res.text();
      return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : null };
    },
    close: async () => {
      await server.close();
      await sim.close();
      rmSync(dirname(path), { recursive: true, force: true });
    },
  };
}
