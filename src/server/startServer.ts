// Start-up without process globals, so tests can start a real server on port 0: with a config
// file it serves the configured vendors; without one it starts the simulators in-process and
// points itself at them.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { simulatorAccess } from "../auth/simulatorAccess.js";
import { bundledManifest, loadManifest } from "../auth/trustedDocuments.js";
import { schema } from "../graph/schema.js";
import { Lifecycle } from "../ops/Lifecycle.js";
import { silentLogger, type Logger } from "../core/Logger.js";
import { createApp, type App, type AppDeps } from "./app.js";
import { configPathFrom, hostFrom, portFrom } from "./cli.js";
import { portVariable } from "../core/commandLine.js";
import { configSchema, type AppConfig } from "./config.js";
import { ConfigError } from "../core/ConfigError.js";
import { loadConfigFile } from "./loadConfig.js";

// The simulators are a program of their own (src/simulators), loaded by import() only when no
// config file is given: the production bundle keeps them in a chunk of their own that a configured
// server never reads. A type costs nothing at run time.
type RunningSimulators = import("../simulators/startSimulators.js").RunningSimulators;

export interface StartOptions {
  /** The command line (`--config FILE`); an unknown flag throws UsageError (cli.ts). */
  argv?: readonly string[];
  env?: Record<string, string | undefined>;
  logger?: Logger;
  /** The bind address; wins over HOST and the config's `host`. */
  host?: string;
  deps?: AppDeps;
  /** Where the built-in simulators listen when SIM_PORT is unset (4100); tests pass a port they hold. */
  defaultSimPort?: number;
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
  // Checked before anything starts, so a bad PORT leaves no simulators behind.
  portVariable(env, "PORT");
  let config: AppConfig;
  let simulators: RunningSimulators | null = null;
  if (path) {
    config = loadConfigFile(path, env);
  } else if (env["NODE_ENV"] === "production") {
    // Serving made-up data where real vendors were meant is worse than not starting.
    throw new ConfigError("NODE_ENV=production needs a config file (--config FILE or WECOM_GRAPH_CONFIG): without one wecom-graph would serve its built-in simulators");
  } else {
    // Checked before the simulators start, so a bad key stops nothing half-started.
    const auth = simulatorAccess(env);
    // The typed client sends the hashes of the documents codegen wrote; the simulators' graph
    // knows them (and still runs any other query).
    const manifest = usableBundledManifest(options.logger);
    const [{ startSimulators }, { simulatorConfig }] = await Promise.all([import("../simulators/startSimulators.js"), import("../simulators/simulatorConfig.js")]);
    simulators = await startEmbeddedSimulators(startSimulators, env, options.defaultSimPort ?? DEFAULT_SIM_PORT);
    config = configSchema.parse({
      ...simulatorConfig(simulators.url, simulators.dataset),
      ...(auth ? { auth } : {}),
      ...(manifest ? { persistedDocuments: { file: manifest, only: false } } : {}),
    });
  }
  const lifecycle = new Lifecycle();
  let server: Server;
  let app: App | undefined;
  let bindHost: string | undefined;
  let port = 0;
  try {
    port = portFrom(config, env);
    bindHost = options.host ?? hostFrom(config, env) ?? undefined;
    app = createApp(config, { logger: options.logger, lifecycle, ...options.deps });
    server = createServer(lifecycle.track(app));
    await listen(server, port, bindHost);
  } catch (error) {
    await app?.dispose();
    await simulators?.close();
    if ((error as NodeJS.ErrnoException).code === "EADDRINUSE") {
      throw new ConfigError(`port ${port} is already in use: set PORT to a free port (PORT=0 takes any)`);
    }
    throw error;
  }
  const actual = (server.address() as AddressInfo).port;
  const host = bindHost && bindHost !== "0.0.0.0" && bindHost !== "::" ? (bindHost.includes(":") ? `[${bindHost}]` : bindHost) : "localhost";
  const url = `http://${host}:${actual}`;
  return {
    url,
    graphqlUrl: `${url}/graphql`,
    port: actual,
    config,
    configSource: path ?? "built-in simulators",
    simulators,
    app: app as App,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      // Closes what the app opened (its Redis connection).
      await app?.dispose();
      await simulators?.close();
    },
    shutdown: async () => {
      // The in-process simulators serve the requests being drained: they go last.
      await lifecycle.drain(server, config.shutdownGraceMs, options.logger ?? silentLogger);
      await app?.dispose();
      await simulators?.close();
    },
  };
}

export const DEFAULT_SIM_PORT = 4100;

// The simulators listen on SIM_PORT (default 4100) so they can be poked at while the graph runs.
// When the default port is taken (a second checkout, `npm run simulate` already running) the graph
// still starts, on simulators at a free port, and says where. A SIM_PORT the user set is a
// promise: if that port is taken, starting elsewhere would break it, so it is an error.
async function startEmbeddedSimulators(
  startSimulators: typeof import("../simulators/startSimulators.js").startSimulators,
  env: Record<string, string | undefined>,
  defaultPort: number,
): Promise<RunningSimulators> {
  const chosen = portVariable(env, "SIM_PORT");
  try {
    return await startSimulators({ port: chosen ?? defaultPort });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EADDRINUSE") throw error;
    if (chosen !== null) throw new ConfigError(`SIM_PORT ${chosen} is already in use: set SIM_PORT to a free port, or leave it unset to let the simulators take a free port when ${DEFAULT_SIM_PORT} is busy`);
    return startSimulators({ port: 0 });
  }
}

// A checkout whose manifest is stale (schema changed, codegen not rerun) still starts: the typed
// client then falls back to sending query text.
function usableBundledManifest(logger: Logger | undefined): string | null {
  const file = bundledManifest();
  if (!file) return null;
  try {
    loadManifest(file, schema);
    return file;
  } catch (error) {
    logger?.warn({ detail: (error as Error).message }, "the bundled persisted-documents manifest is not served: run `npm run codegen`");
    return null;
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
