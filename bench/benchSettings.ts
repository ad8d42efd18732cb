// The bench's knobs, read from the environment and checked once: a typo must stop the bench with
// the variable named, not print "NaN runs" or run for zero seconds and report figures anyway.
import { SIZE_PRESETS, type SizePreset } from "../src/simulators/dataset.js";

export interface BenchSettings {
  size: SizePreset;
  latencyMs: number;
  runs: number;
  seconds: number;
  connections: number;
}

export class BenchSettingsError extends Error {
  override readonly name = "BenchSettingsError";
}

const INTEGERS = {
  latencyMs: { name: "BENCH_LATENCY_MS", fallback: 10, min: 0, max: 60_000 },
  runs: { name: "BENCH_RUNS", fallback: 20, min: 1, max: 100_000 },
  seconds: { name: "BENCH_SECONDS", fallback: 10, min: 1, max: 3_600 },
  connections: { name: "BENCH_CONNECTIONS", fallback: 16, min: 1, max: 1_000 },
} as const;

/** BENCH_SIZE, BENCH_LATENCY_MS, BENCH_RUNS, BENCH_SECONDS, BENCH_CONNECTIONS; unset or "" is the default. */
export function benchSettings(env: Record<string, string | undefined>): BenchSettings {
  const out = { size: benchSize(env, "large") } as BenchSettings;
  for (const [key, { name, fallback, min, max }] of Object.entries(INTEGERS)) out[key as keyof typeof INTEGERS] = benchInteger(env, name, fallback, min, max);
  return out;
}

/** One integer knob of any bench (`BENCH_REQUESTS`, …): unset or "" is `fallback`; anything else must be an integer in min..max. */
export function benchInteger(env: Record<string, string | undefined>, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === "") return fallback;
  const value = Number(raw);
  if (!/^\s*\d+\s*$/.test(raw) || value < min || value > max) throw new BenchSettingsError(`${name} must be an integer in ${min}..${max}, got ${JSON.stringify(raw)}`);
  return value;
}

/** BENCH_SIZE: one of the dataset's presets. */
export function benchSize(env: Record<string, string | undefined>, fallback: SizePreset): SizePreset {
  const sizeText = env["BENCH_SIZE"]?.trim() || fallback;
  if (!Object.hasOwn(SIZE_PRESETS, sizeText)) {
    throw new BenchSettingsError(`BENCH_SIZE must be one of ${Object.keys(SIZE_PRESETS).join(", ")}, got ${JSON.stringify(env["BENCH_SIZE"])}`);
  }
  return sizeText as SizePreset;
}

/**
 * True when a GraphQL response body reports errors (or is not a GraphQL response at all): an HTTP
 * 200 that carries `errors` is a failed request for the bench, not a fast one.
 */
export function answeredWithErrors(body: string): boolean {
  try {
    const parsed = JSON.parse(body) as { errors?: unknown; data?: unknown };
    return parsed === null || typeof parsed !== "object" || parsed.errors !== undefined || parsed.data === undefined;
  } catch {
    return true;
  }
}
