// Where a vendor's sliding window of calls and its pause live: in this process (MemoryQuotaBackend)
// or in Redis for every replica sharing it (src/redis/RedisQuotaBackend.ts). The governor
// (QuotaGovernor.ts) decides who waits; a backend only counts, atomically.
import type { Vendor } from "../errors/codes.js";

export interface TakeRequest {
  /** Calls allowed in any window of `windowMs`; null = no quota (only a pause can stop the call). */
  limit: number | null;
  windowMs: number;
  /**
   * How long a call may stay in flight (the vendor's timeout and a margin): until the call ends, its
   * entry counts as if it ended then, so a slot of a call still running is never handed out.
   */
  holdMs: number;
  /** Callers of this replica queued ahead of this one; each keeps one free slot for itself. */
  position: number;
}

export type TakeResult =
  /**
   * Counted: call `done()` once the vendor has answered (its end, not its start, opens the window);
   * a call that ended without an answer is not `done()`: it counts to its latest possible end.
   */
  | { ok: true; done: () => void }
  /** Not now: budget frees (or the vendor's pause ends) in `waitMs`. */
  | { ok: false; waitMs: number; paused: boolean };

export interface QuotaBackend {
  take(vendor: Vendor, request: TakeRequest): Promise<TakeResult>;
  /**
   * Whether `vendor` is paused, when this backend can tell without a round trip (in process);
   * undefined when only `take` can say (the pause lives in Redis).
   */
  pausedNow?(vendor: Vendor): boolean;
  /** Stops every call to `vendor` for `ms` (a longer pause already running stays); resolves to the pause left. */
  pause(vendor: Vendor, ms: number): Promise<number>;
}
