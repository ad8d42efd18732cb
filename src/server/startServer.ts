// Start-up without process globals, so tests can start a real server on port 0: with a config
// file it serves the configured vendors; without one it starts the simulators in-process and
// points itself at them.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { simulatorConfig } from "../simulators/simulatorConfig.js";
import { startSimulators, type RunningSimulators } from "../simulators/startSimulators.js";
import type { Logger } from "../vendors/http/deps.js";
import { createApp, type AppDeps } from "./app.js";
import { configSchema, type AppConfig } from "./config.js";
import { configPathFrom, loadConfigFile, portFrom } from "./loadConfig.js";

export interface StartOptions {
  argv?: readonly string[];
  env?: Record<string, string | undefined>;
  logger?: Logger;
  host?: string;
  deps?: AppDeps;
}

export interface RunningServer {
  url: string;
  graphqlUrl: string;
  port: number;
  config: AppConfig;
  configSource: string;
  simulators: RunningSimulators | null;
  close(): Promise<void>;
}

export async function startServer(options: StartOptions = {}): Promise<RunningServer> {
  const env = options.env ?? process.env;
  const path = configPathFrom(options.argv ?? [], env);
  let config: AppConfig;
  let simulators: RunningSimulators | null = null;
  if (path) {
    config = loadConfigFile(path, env);
  } else {
    simulators = await startEmbeddedSimulators(env);
    config = configSchema.parse(simulatorConfig(simulators.url, simulators.dataset));
  }
  const port = portFrom(config, env);
  const app = createApp(config, { logger: options.logger, ...options.deps });
  const server = createServer(app);
  try {
    await listen(server, port, options.host);
  } catch (error) {
    await app.dispose();
    await simulators?.close();
    throw error;
  }
  const actual = (server.address() as AddressInfo).port;
  const host = options.host && options.host !== "0.0.0.0" && options.host !== "::" ? options.host : "localhost";
  const url = `http://${host}:${actual}`;
  return {
    url,
    graphqlUrl: `${url}/graphql`,
    port: actual,
    config,
    configSource: path ?? "built-in simulators",
    simulators,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      // Closes what the app opened (its Redis connection).
      await app.dispose();
      await simulators?.close();
    },
  };
}

// The simulators take SIM_PORT (default 4100) so they can be poked at while the graph runs; when
// that port is taken the graph still starts, on simulators at a free port.
async function startEmbeddedSimulators(env: Record<string, string | undefined>): Promise<RunningSimulators> {
  const wanted = env["SIM_PORT"] ? Number(env["SIM_PORT"]) : 4100;
  try {
    return await startSimulators({ port: Number.isInteger(wanted) ? wanted : 4100 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EADDRINUSE") throw error;
    return startSimulators({ port: 0 });
  }
}

function listen(server: Server, port: number, host: string | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
}
