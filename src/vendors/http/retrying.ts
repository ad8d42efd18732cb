// How a client wraps each public call in the retry loop. The attempt is the vendor's own code
// (a token refresh, a fresh sign), so that code stays in the vendor folder and only the loop, the
// backoff policy and its log line live here.
import type { CallOptions } from "../../core/CallOptions.js";
import type { Transport } from "./transport.js";
import { withRetry } from "./withRetry.js";

/** A client's backoff settings, validated once by checkClientOptions. */
export interface RetryPolicy {
  /** Extra attempts after a transient failure, 0..2. */
  retries: number;
  /** First backoff delay in ms; undefined is withRetry's default. */
  baseDelayMs?: number | undefined;
  /** Jitter source in [0, 1); undefined is Math.random. */
  random?: (() => number) | undefined;
}

/** A client's loop, bound once: public calls only say what one attempt is (and the request's call options). */
export type Retrying = <T>(attempt: () => Promise<T>, call?: CallOptions) => Promise<T>;

/**
 * Backoff waits on the transport's clock so tests with a fake clock cost no wall time, and each
 * retry is one warn line with the same fields for every vendor, so an operator can grep one shape.
 */
export function retrying(transport: Transport, policy: RetryPolicy): Retrying {
  return (attempt, call) =>
    withRetry(attempt, {
      retries: policy.retries,
      clock: transport.clock,
      ...(call === undefined ? {} : { call }),
      ...(policy.baseDelayMs === undefined ? {} : { baseDelayMs: policy.baseDelayMs }),
      ...(policy.random === undefined ? {} : { random: policy.random }),
      onRetry: (error, attempt, delayMs) =>
        (call?.logger ?? transport.logger).warn(
          {
            vendor: transport.vendor,
            endpoint: error.endpoint,
            code: error.code,
            vendorCode: error.vendorCode,
            status: error.status,
            ...(error.traceId === null ? {} : { traceId: error.traceId }),
            attempt,
            delayMs,
            error: error.message,
          },
          `${transport.vendor} ${error.endpoint} failed (${error.code}); retrying`,
        ),
    });
}
