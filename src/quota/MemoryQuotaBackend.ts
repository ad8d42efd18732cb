// The sliding window of one process. A call is counted from when it is taken until a window after
// it ENDED: a vendor counts a request when it arrives, somewhere between our send and the answer,
// so only "next start ≥ previous end + window" keeps every vendor-side window within the limit,
// whatever the network did to the timing (a sliding log, not a token bucket: a bucket with burst B
// lets B + rate·window through in one window).
import type { Vendor } from "../errors/codes.js";
import type { Clock } from "../core/Clock.js";
import type { QuotaBackend, TakeRequest, TakeResult } from "./QuotaBackend.js";

interface Entry {
  /** When the call ended, or (while it runs) the latest it can end. */
  end: number;
}

interface VendorLog {
  entries: Entry[];
  pausedUntil: number;
  /** Expired entries are dropped once the log reaches this length (see takeNow). */
  pruneAt: number;
}

/** The log is pruned no more often than this many takes apart. */
const MIN_PRUNE_LENGTH = 64;

export class MemoryQuotaBackend implements QuotaBackend {
  private readonly logs = new Map<Vendor, VendorLog>();

  constructor(private readonly clock: Clock) {}

  private log(vendor: Vendor): VendorLog {
    let log = this.logs.get(vendor);
    if (!log) {
      log = { entries: [], pausedUntil: 0, pruneAt: MIN_PRUNE_LENGTH };
      this.logs.set(vendor, log);
    }
    return log;
  }

  /** Synchronous: the Redis backend falls back on it without a second await. */
  takeNow(vendor: Vendor, request: TakeRequest): TakeResult {
    const now = this.clock.now();
    const log = this.log(vendor);
    if (log.pausedUntil > now) return { ok: false, waitMs: log.pausedUntil - now, paused: true };
    if (request.limit === null) return { ok: true, done: () => {} };
    // Every call goes through here: a log under the limit even with its expired entries counted
    // needs no pruning, so entries are dropped only near the limit, or when the log has doubled
    // since the last prune (which keeps both the work per call and the memory bounded).
    if (log.entries.length + request.position >= request.limit || log.entries.length >= log.pruneAt) {
      const cutoff = now - request.windowMs;
      log.entries = log.entries.filter((e) => e.end > cutoff);
      log.pruneAt = Math.max(MIN_PRUNE_LENGTH, 2 * log.entries.length);
    }
    const n = log.entries.length;
    if (n + request.position < request.limit) {
      const entry: Entry = { end: now + request.holdMs };
      log.entries.push(entry);
      return {
        ok: true,
        done: () => {
          entry.end = this.clock.now();
        },
      };
    }
    const ends = log.entries.map((e) => e.end).sort((a, b) => a - b);
    const freeAt = slotFreeAt(ends, n + request.position - request.limit, request.limit, request.windowMs, now);
    return { ok: false, waitMs: Math.max(1, freeAt - now), paused: false };
  }

  pausedNow(vendor: Vendor): boolean {
    const log = this.logs.get(vendor);
    return log !== undefined && log.pausedUntil > this.clock.now();
  }

  take(vendor: Vendor, request: TakeRequest): Promise<TakeResult> {
    return Promise.resolve(this.takeNow(vendor, request));
  }

  pauseNow(vendor: Vendor, ms: number): number {
    const now = this.clock.now();
    const log = this.log(vendor);
    log.pausedUntil = Math.max(log.pausedUntil, now + ms);
    return log.pausedUntil - now;
  }

  pause(vendor: Vendor, ms: number): Promise<number> {
    return Promise.resolve(this.pauseNow(vendor, ms));
  }
}

/**
 * When the `index`-th slot to free (0 = the next) frees: a logged call's slot a window after it
 * ends; beyond the log, the slots of calls still to be taken, each a window after the slot it
 * takes (an estimate that only decides whether a caller may wait for it at all). `ends` is sorted.
 */
export function slotFreeAt(ends: readonly number[], index: number, limit: number, windowMs: number, now: number): number {
  let k = index;
  let later = 0;
  while (k >= ends.length) {
    k -= limit;
    later += windowMs;
  }
  return (k < 0 ? now : (ends[k] as number) + windowMs) + later;
}
