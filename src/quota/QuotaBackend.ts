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
  /** Present for a batch client's call (README, Sharing the vendors' quotas); absent: interactive. */
  batch?: BatchTake | undefined;
}

/**
 * A batch call is counted three times in the window: among all calls, among batch calls and among
 * its own client's calls, and must fit all three, so the shares hold for every replica at once.
 */
export interface BatchTake {
  /** The client it is charged to. */
  client: string;
  /**
   * The batch cap in calls: at most this many batch calls in any window, and a batch call is let in
   * only while the window holds fewer than this many calls of anyone (the rest is kept for
   * interactive calls). Checked against `position` like the limit.
   */
  cap: number;
  /** This client's own calls allowed in any window. */
  share: number;
  /** This client's callers of this replica queued ahead of this one. */
  clientPosition: number;
}

/** Which rule refused a call: the whole quota, the part kept for interactive calls, or the client's own share. */
export type LimitedBy = "quota" | "reserve" | "share";

export type TakeResult =
  /**
   * Counted: call `done()` once the vendor has answered (its end, not its start, opens the window);
   * a call that ended without an answer is not `done()`: it counts to its latest possible end.
   * `used`: the calls the window holds with this one, when the backend counted them.
   */
  | { ok: true; done: () => void; used?: number | undefined }
  /**
   * Not now: budget frees (or the vendor's pause ends) in `waitMs`. `limitedBy` says which rule
   * refused it (absent: a pause, or "quota"); `used`: the calls the window holds, when counted.
   */
  | { ok: false; waitMs: number; paused: boolean; limitedBy?: LimitedBy | undefined; used?: number | undefined };

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
