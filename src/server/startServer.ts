// Start-up without process globals, so tests can start a real server on port 0: with a config
// file it serves the configured vendors; without one it starts the simulators in-process and
// points itself at them.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { simulatorConfig } from "../simulators/simulatorConfig.js";
import { startSimulators, type RunningSimulators } from "../simulators/startSimulators.js";
import { Lifecycle } from "../ops/Lifecycle.js";
import { silentLogger, type Logger } from "../vendors/http/deps.js";
import { createApp, type App, type AppDeps } from "./app.js";
import { configSchema, type AppConfig } from "./config.js";
import { ConfigError, configPathFrom, loadConfigFile, portFrom } from "./loadConfig.js";

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
  /** The app it serves (in-process requests reach it even while the socket is closed for shutdown). */
  app: App;
  /** Cuts every connection at once (tests). */
  close(): Promise<void>;
  /** Graceful: /readyz 503, no new connections, requests in flight finish (up to shutdownGraceMs), then close. */
  shutdown(): Promise<void>;
}

export async function startServer(options: StartOptions = {}): Promise<RunningServer> {
  const env = options.env ?? process.env;
  const path = configPathFrom(options.argv ?? [], env);
  let config: AppConfig;
  let simulators: RunningSimulators | null = null;
  if (path) {
    config = loadConfigFile(path, env);
  } else if (env["NODE_ENV"] === "production") {
    // Serving made-up data where real vendors were meant is worse than not starting.
    throw new ConfigError("NODE_ENV=production needs a config file (--config FILE or WECOM_GRAPH_CONFIG): without one wecom-graph would serve its built-in simulators");
  } else {
    simulators = await startEmbeddedSimulators(env);
    config = configSchema.parse(simulatorConfig(simulators.url, simulators.dataset));
  }
  const port = portFrom(config, env);
  const lifecycle = new Lifecycle();
  const app = createApp(config, { logger: options.logger, lifecycle, ...options.deps });
  const server = createServer(lifecycle.track(app));
  try {
    await listen(server, port, options.host);
  } catch (error) {
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
    app,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await simulators?.close();
    },
    shutdown: async () => {
      // The in-process simulators serve the requests being drained: they go last.
      await lifecycle.drain(server, config.shutdownGraceMs, options.logger ?? silentLogger);
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
