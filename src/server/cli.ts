// What `npm start` and `npm run simulate` are started with, read in one place: the command line
// and the environment variables that steer start-up. A mistyped flag (`--confg x.json`) must stop
// the start with usage (exit 2): ignoring it would silently serve the built-in simulators while
// the user believes their config is loaded. A bad variable is a start-up error naming it (exit 1).
import type { AppConfig } from "./config.js";
import { ConfigError } from "../core/ConfigError.js";
import { parseCommandLine, portVariable, type FlagSpec } from "../core/commandLine.js";

/** pino's levels, the only values LOG_LEVEL may take. */
export const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export const SERVER_USAGE = `Usage: npm start [-- --config FILE]
       node --import tsx src/server/main.ts [--config FILE]

Serves the wecom-graph GraphQL API (and GraphiQL) at http://localhost:4000/graphql.
Without a config file it starts the four vendor simulators in-process and serves their data.

Options:
  --config FILE   the JSON config file (WECOM_GRAPH_CONFIG when not given)
  -h, --help      print this help

Environment:
  WECOM_GRAPH_CONFIG  the config file, when --config is not given
  PORT                the port to listen on (wins over the config's "port"; default 4000)
  SIM_PORT            the built-in simulators' port, without a config file (default 4100)
  LOG_LEVEL           ${LOG_LEVELS.join("|")} (default info)`;

const SERVER_FLAGS = {
  config: { type: "string", value: "a file path" },
  help: { type: "boolean", short: "h" },
} as const satisfies Record<string, FlagSpec>;

export interface ServerArgs {
  help: boolean;
  config: string | null;
}

export function parseServerArgs(argv: readonly string[]): ServerArgs {
  const values = parseCommandLine(argv, SERVER_FLAGS);
  return { help: values.help === true, config: values.config ?? null };
}

/** `--config path`, `--config=path`, or WECOM_GRAPH_CONFIG; null when none is given. */
export function configPathFrom(argv: readonly string[], env: Record<string, string | undefined>): string | null {
  const { config } = parseServerArgs(argv);
  if (config) return config;
  const fromEnv = env["WECOM_GRAPH_CONFIG"];
  return fromEnv && fromEnv.trim() !== "" ? fromEnv : null;
}

/** LOG_LEVEL, checked: pino would otherwise throw a stack trace about "custom levels". */
export function logLevelFrom(env: Record<string, string | undefined>): LogLevel {
  const raw = env["LOG_LEVEL"];
  if (raw === undefined || raw.trim() === "") return "info";
  const level = raw.trim();
  if (!(LOG_LEVELS as readonly string[]).includes(level)) {
    throw new ConfigError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(", ")}, got ${JSON.stringify(raw)}`);
  }
  return level as LogLevel;
}

/** PORT in the environment wins over the config's port (README, Configuration). */
export function portFrom(config: Pick<AppConfig, "port">, env: Record<string, string | undefined>): number {
  return portVariable(env, "PORT") ?? config.port;
}

/** HOST in the environment wins over the config's host (like PORT); null: every interface. */
export function hostFrom(config: Pick<AppConfig, "host">, env: Record<string, string | undefined>): string | null {
  const raw = env["HOST"];
  if (raw === undefined || raw === "") return config.host ?? null;
  if (raw.trim() !== raw || /\s/.test(raw)) throw new ConfigError(`HOST must be an address or host name without spaces, got ${JSON.stringify(raw)}`);
  return raw;
}
