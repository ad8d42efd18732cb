// The built-in simulators' graph is open. To try access control without writing a config file,
// WECOM_GRAPH_API_KEY puts one API key on it (`WECOM_GRAPH_API_KEY=… npm start`); the key's
// scopes come from WECOM_GRAPH_API_KEY_SCOPES (comma-separated, default "pii"; empty for none,
// to see masking). With a config file these variables do nothing by themselves: the file's
// `auth` decides (it may still say "key": "${WECOM_GRAPH_API_KEY}").
import { ConfigError } from "../core/ConfigError.js";
import type { AuthConfig } from "./accessConfig.js";

export const SIMULATOR_KEY_NAME = "simulator-demo";
const KNOWN_SCOPES = new Set(["pii"]);

export function simulatorAccess(env: Record<string, string | undefined>): AuthConfig | undefined {
  const key = env["WECOM_GRAPH_API_KEY"];
  if (key === undefined || key === "") return undefined;
  // The message names the variable, never its value.
  if (key.length < 16) throw new ConfigError("WECOM_GRAPH_API_KEY must be at least 16 characters (e.g. what `openssl rand -hex 24` prints)");
  const scopes = (env["WECOM_GRAPH_API_KEY_SCOPES"] ?? "pii").split(",").map((s) => s.trim()).filter(Boolean);
  const unknown = scopes.filter((s) => !KNOWN_SCOPES.has(s));
  if (unknown.length > 0) throw new ConfigError(`WECOM_GRAPH_API_KEY_SCOPES: unknown scope ${JSON.stringify(unknown[0])}; known: ${[...KNOWN_SCOPES].join(", ")}`);
  return { apiKeys: [{ name: SIMULATOR_KEY_NAME, key, scopes: scopes as "pii"[] }], open: false };
}
