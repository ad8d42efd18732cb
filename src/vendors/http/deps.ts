// The seams tests swap: fetch, logger and clock are injected, never imported where they are used.
import { nodeHttpFetch } from "./nodeHttpFetch.js";

export interface FetchResponseLike {
  status: number;
  ok: boolean;
  headers: { get(name: string): string | null };
  text(): Promise<string>;
}

export type FetchLike = (
  url: string,
  init: { method: string; headers: Record<string, string>; body?: string; signal?: AbortSignal },
) => Promise<FetchResponseLike>;

/** pino-compatible subset: (object, message). */
export interface Logger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  sleep(ms: number): Promise<void>;
}

/** A shared keep-alive client for callers without a Transport of their own (a Transport makes its own pool). */
export const defaultFetch: FetchLike = nodeHttpFetch();

export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};
