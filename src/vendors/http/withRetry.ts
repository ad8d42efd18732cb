import { NO_CALL_OPTIONS, remainingMs, type CallOptions } from "../../core/CallOptions.js";
import type { Clock } from "../../core/Clock.js";
import { UpstreamError } from "./UpstreamError.js";

export interface RetryOptions {
  /** Extra attempts after the first; capped at 2 (README, Configuration). */
  retries: number;
  clock: Clock;
  /** Base delay; attempt n waits base * 2^(n-1) plus up to 100% jitter. */
  baseDelayMs?: number;
  random?: () => number;
  onRetry?: (error: UpstreamError, attempt: number, delayMs: number) => void;
  /** The request's deadline and signal: no retry starts after it is cancelled or out of time. */
  call?: CallOptions;
}

export const MAX_RETRIES = 2;

/**
 * Runs `attempt` again only for errors marked retryable (network, 5xx, a vendor's "busy" code).
 * A 4xx, an auth failure or a rate limit is final: retrying it would only burn the vendor's quota.
 */
export async function withRetry<T>(attempt: (n: number) => Promise<T>, options: RetryOptions): Promise<T> {
  const retries = Math.min(Math.max(0, options.retries), MAX_RETRIES);
  const base = options.baseDelayMs ?? 100;
  const random = options.random ?? Math.random;
  const call = options.call ?? NO_CALL_OPTIONS;
  for (let n = 1; ; n++) {
    try {
      return await attempt(n);
    } catch (error) {
      if (!(error instanceof UpstreamError) || !error.retryable || n > retries || call.signal?.aborted) throw error;
      const delay = Math.round(base * 2 ** (n - 1) * (1 + random()));
      // A retry that could only start after the deadline would report a timeout instead of the cause.
      if (remainingMs(call, options.clock.now()) <= delay) throw error;
      options.onRetry?.(error, n, delay);
      await options.clock.sleep(delay);
      if (call.signal?.aborted) throw error;
    }
  }
}
