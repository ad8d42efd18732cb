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
  /** Resolves after `ms`, or early once `signal` aborts (a waiting call that was cancelled). */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

let shared: FetchLike | null = null;

/**
 * A shared keep-alive client for callers without a Transport of their own (a Transport makes its
 * own pool). Its pool is made on first use: the server itself never uses it.
 */
export const defaultFetch: FetchLike = (url, init) => (shared ??= nodeHttpFetch())(url, init);

export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise((resolve) => {
      if (signal?.aborted) return resolve();
      // An early end clears the timer: a long quota wait must not keep a stopping process alive.
      const done = () => {
        clearTimeout(timer);
        signal?.removeEventListener("abort", done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal?.addEventListener("abort", done, { once: true });
    }),
};
