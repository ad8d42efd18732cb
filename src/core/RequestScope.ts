// What one HTTP request carries from arrival to response, as every plugin and resolver sees it:
// its id (x-request-id), a logger whose lines name it, and the call options each vendor call it
// makes gets. src/ops/requestScope.ts makes one per request; this is only its shape, so a concern
// can read the scope without importing the one that makes it.
import type { CallOptions } from "./CallOptions.js";
import type { Logger } from "./Logger.js";

export interface Rejection {
  /** parse | validation | complexity | body_too_large | auth | persisted_query | bad_input | bad_request | … */
  reason: string;
  code: string | null;
  message: string | null;
}

export interface RequestScope {
  readonly id: string;
  /** Clock ms when the request arrived; the deadline counts from here. */
  readonly startedAt: number;
  readonly log: Logger;
  readonly call: CallOptions & { signal: AbortSignal; deadline: number };
  /** Stops the request's vendor work (deadline backstop, shutdown). */
  abort(reason: string): void;
  /** Set once an operation reached execution: a request without it that failed was rejected. */
  executed: boolean;
  rejected: Rejection | null;
}

/** The part of the GraphQL context every serving plugin reads (the graph's context has more). */
export interface ScopedContext {
  scope: RequestScope;
}
