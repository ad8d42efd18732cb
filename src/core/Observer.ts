// What the serving machinery reports as it works, for metrics (src/ops) to count. Concerns that
// report (the transport's wrappers, the cache, the quota governor) depend only on this interface,
// never on the metrics library; every member is optional so a test can observe just one thing.
import type { Vendor } from "../errors/codes.js";

export interface UpstreamEvent {
  vendor: Vendor;
  endpoint: string;
  /** "ok", or the error code the exchange ended with (UPSTREAM_TIMEOUT, …). */
  outcome: string;
  seconds: number;
  /** The client the exchange is charged to (its call's client; `anonymous` for a call without one). */
  client: string;
}

export interface Observer {
  upstream?(event: UpstreamEvent): void;
  cache?(event: { vendor: Vendor; result: "hit" | "miss" | "stale" }): void;
  /** A call waited for the vendor's quota; `client` is whom it is charged to (src/core/CallClient.ts). */
  quotaWait?(event: { vendor: Vendor; client: string; waitedMs: number }): void;
  /** The part of a vendor's quota window in use (0..1), as this replica last saw it. */
  quotaWindow?(event: { vendor: Vendor; usedRatio: number }): void;
  /** A subscription to `stream` (a Subscription field) opened (+1) or ended (-1). */
  subscriptions?(event: { stream: string; delta: 1 | -1 }): void;
}

export const NO_OBSERVER: Observer = Object.freeze({});
