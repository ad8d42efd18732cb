// The command line and environment both programs (the server and `npm run simulate`) start from.
// A mistyped flag (`--confg x.json`) must stop the start with usage (exit 2): ignoring it would
// silently serve the built-in simulators while the user believes their config is loaded. A bad
// variable is a start-up error naming it (exit 1).
import { parseArgs } from "node:util";
import { ConfigError } from "./ConfigError.js";

/** A command line we cannot act on; the entry prints it with the usage and exits 2. */
export class UsageError extends Error {
  override readonly name = "UsageError";
}

export interface FlagSpec {
  type: "string" | "boolean";
  short?: string;
  /** What a string flag takes, for messages ("a file path"). */
  value?: string;
}

/**
 * Parses `argv` against `flags`: no positionals, no unknown flags, a value for every string flag.
 * Errors name the flag as typed and, for a near miss, the flag that was probably meant.
 */
export function parseCommandLine<F extends Record<string, FlagSpec>>(argv: readonly string[], flags: F): { [K in keyof F]?: F[K]["type"] extends "string" ? string : boolean } {
  const options: Record<string, { type: "string" | "boolean"; short?: string }> = {};
  for (const [name, spec] of Object.entries(flags)) options[name] = spec.short ? { type: spec.type, short: spec.short } : { type: spec.type };
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({ args: [...argv], options, strict: true, allowPositionals: false }));
  } catch (error) {
    throw new UsageError(describeParseError(error, flags));
  }
  for (const [name, spec] of Object.entries(flags)) {
    if (spec.type === "string" && values[name] === "") throw new UsageError(`--${name} needs ${spec.value ?? "a value"}`);
  }
  return values as { [K in keyof F]?: F[K]["type"] extends "string" ? string : boolean };
}

function describeParseError(error: unknown, flags: Record<string, FlagSpec>): string {
  const code = (error as { code?: unknown }).code;
  const message = error instanceof Error ? error.message : String(error);
  if (code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") {
    const flag = /'([^']+)'/.exec(message)?.[1] ?? "?";
    const near = nearestFlag(flag, Object.keys(flags));
    return `unknown option ${flag}${near ? ` (did you mean --${near}?)` : ""}`;
  }
  if (code === "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL") {
    const arg = /'([^']*)'/.exec(message)?.[1];
    return `unexpected argument${arg === undefined ? "" : ` ${JSON.stringify(arg)}`}: every option starts with --`;
  }
  if (code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE") {
    // A string flag without its value (or followed by another flag), or a boolean flag given one.
    for (const [name, spec] of Object.entries(flags)) {
      if (message.includes(`--${name}`)) return spec.type === "string" ? `--${name} needs ${spec.value ?? "a value"}` : `--${name} takes no value`;
    }
  }
  return message;
}

/** The known flag within two edits of what was typed (`--confg` → config), if exactly one is. */
function nearestFlag(typed: string, names: readonly string[]): string | null {
  const bare = typed.replace(/^-+/, "").replace(/=.*$/, "");
  const close = names.filter((name) => editDistance(bare, name) <= 2);
  return close.length === 1 ? close[0]! : null;
}

function editDistance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) next[j] = Math.min(row[j]! + 1, next[j - 1]! + 1, row[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    row = next;
  }
  return row[b.length]!;
}

/** An environment variable holding a port: null when unset or empty; anything but 0..65535 is an error naming it. */
export function portVariable(env: Record<string, string | undefined>, name: string): number | null {
  const raw = env[name];
  if (raw === undefined || raw.trim() === "") return null;
  // Digits only: Number() would also take "0x10" or "1e3" and listen somewhere unexpected.
  if (!/^\s*\d{1,5}\s*$/.test(raw) || Number(raw) > 65535) throw new ConfigError(`${name} must be an integer 0..65535, got ${JSON.stringify(raw)}`);
  return Number(raw);
}
