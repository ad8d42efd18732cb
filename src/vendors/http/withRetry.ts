import type { Clock } from "./deps.js";
import { UpstreamError } from "./UpstreamError.js";

export interface RetryOptions {
  /** Extra attempts after the first; the contract caps it at 2. */
  retries: number;
  clock: Clock;
  /** Base delay; attempt n waits base * 2^(n-1) plus up to 100% jitter. */
  baseDelayMs?: number;
  random?: () => number;
  onRetry?: (error: UpstreamError, attempt: number, delayMs: number) => void;
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
  for (let n = 1; ; n++) {
    try {
      return await attempt(n);
    } catch (error) {
      if (!(error instanceof UpstreamError) || !error.retryable || n > retries) throw error;
      const delay = Math.round(base * 2 ** (n - 1) * (1 + random()));
      options.onRetry?.(error, n, delay);
      await options.clock.sleep(delay);
    }
  }
}
