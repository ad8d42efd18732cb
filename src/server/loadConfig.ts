// Reads the config file README.md (Configuration) documents: `${NAME}` replaced from the environment, then strict validation.
// Every failure stops the start with the key path (or the variable) named, never with a value, since
// values here are app secrets, tokens and cookies.
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileConfigSchema, type AppConfig } from "./config.js";
import { locateJsonError } from "./locateJsonError.js";
import { ConfigError } from "../core/ConfigError.js";

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
  // Editors on Windows may save a byte-order mark, which JSON.parse refuses.
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    // JSON.parse's message can quote the text (a secret written without quotes, say): never used.
    const where = locateJsonError(body);
    return fail(`config: ${file} is not valid JSON${where ? `: line ${where.line}, column ${where.column}: ${where.problem}` : ""}`);
  }
  const config = parseConfig(interpolate(json, env), `config ${file}`);
  // Paths in a config file are relative to the file, wherever the server is started from.
  if (config.persistedDocuments) config.persistedDocuments = { ...config.persistedDocuments, file: resolve(dirname(file), config.persistedDocuments.file) };
  return config;
}
