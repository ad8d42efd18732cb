// Reads the contract's config file: `${NAME}` replaced from the environment, then strict validation.
// Every failure stops the start with the key path (or the variable) named, never with a value, since
// values here are app secrets, tokens and cookies.
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileConfigSchema, type AppConfig } from "./config.js";

export class ConfigError extends Error {
  override readonly name = "ConfigError";
}

const VARIABLE = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

function pathText(path: readonly PropertyKey[]): string {
  let out = "";
  for (const key of path) out += typeof key === "number" ? `[${key}]` : out === "" ? String(key) : `.${String(key)}`;
  return out === "" ? "(root)" : out;
}

/** Replaces `${NAME}` in every string of the parsed JSON; a missing variable names itself and where. */
export function interpolate(value: unknown, env: Record<string, string | undefined>, path: PropertyKey[] = []): unknown {
  if (typeof value === "string") {
    return value.replace(VARIABLE, (_whole, name: string) => {
      const found = env[name];
      if (found === undefined) throw new ConfigError(`config: ${pathText(path)} uses \${${name}}, but the environment variable ${name} is not set`);
      return found;
    });
  }
  if (Array.isArray(value)) return value.map((item, i) => interpolate(item, env, [...path, i]));
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, interpolate(v, env, [...path, k])]));
  }
  return value;
}

/** Validates a config object (the file's JSON after interpolation), with the rules of a config file. */
export function parseConfig(raw: unknown, source = "config"): AppConfig {
  const result = fileConfigSchema.safeParse(raw);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => {
    // zod reports unknown keys at the parent; name the key itself, which is what the user must fix.
    if (issue.code === "unrecognized_keys") {
      return issue.keys.map((k) => `${pathText([...issue.path, k])}: unknown key`).join("\n  ");
    }
    return `${pathText(issue.path)}: ${issue.message}`;
  });
  return fail(`${source} is invalid:\n  ${lines.join("\n  ")}`);
}

function fail(message: string): never {
  throw new ConfigError(message);
}

export function loadConfigFile(file: string, env: Record<string, string | undefined> = process.env): AppConfig {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    return fail(`config: cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? "unknown error"}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    // JSON.parse's message gives the position, not the content.
    return fail(`config: ${file} is not valid JSON (${(error as Error).message.replace(/\n.*/s, "")})`);
  }
  const config = parseConfig(interpolate(json, env), `config ${file}`);
  // Paths in a config file are relative to the file, wherever the server is started from.
  if (config.persistedDocuments) config.persistedDocuments = { ...config.persistedDocuments, file: resolve(dirname(file), config.persistedDocuments.file) };
  return config;
}

/** `--config path`, `--config=path`, or WECOM_GRAPH_CONFIG; null when none is given. */
export function configPathFrom(argv: readonly string[], env: Record<string, string | undefined>): string | null {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === "--config") {
      const next = argv[i + 1];
      if (!next || next.startsWith("--")) fail("--config needs a file path");
      return next;
    }
    if (arg.startsWith("--config=")) return arg.slice("--config=".length) || fail("--config needs a file path");
  }
  const fromEnv = env["WECOM_GRAPH_CONFIG"];
  return fromEnv && fromEnv.trim() !== "" ? fromEnv : null;
}

/** PORT in the environment wins over the config's port (contract). */
export function portFrom(config: AppConfig, env: Record<string, string | undefined>): number {
  const raw = env["PORT"];
  if (raw === undefined || raw === "") return config.port;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`PORT must be an integer 0..65535, got ${JSON.stringify(raw)}`);
  return port;
}

/** HOST in the environment wins over the config's host (like PORT); null: every interface. */
export function hostFrom(config: AppConfig, env: Record<string, string | undefined>): string | null {
  const raw = env["HOST"];
  if (raw === undefined || raw === "") return config.host ?? null;
  if (raw.trim() !== raw || /\s/.test(raw)) fail(`HOST must be an address or host name without spaces, got ${JSON.stringify(raw)}`);
  return raw;
}
