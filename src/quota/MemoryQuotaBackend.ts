// The sliding window of one process. A call is counted from when it is taken until a window after
// it ENDED: a vendor counts a request when it arrives, somewhere between our send and the answer,
// so only "next start ≥ previous end + window" keeps every vendor-side window within the limit,
// whatever the network did to the timing (a sliding log, not a token bucket: a bucket with burst B
// lets B + rate·window through in one window).
// A batch client's call is also counted among the window's batch calls and its client's calls
// (QuotaBackend.ts, BatchTake): the same log, each entry knowing whose it is.
import type { Vendor } from "../errors/codes.js";
import type { Clock } from "../core/Clock.js";
import type { BatchTake, LimitedBy, QuotaBackend, TakeRequest, TakeResult } from "./QuotaBackend.js";

interface Entry {
  /** When the call ended, or (while it runs) the latest it can end. */
  end: number;
  /** The batch client it is charged to; null for an interactive call. */
  batch: string | null;
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
    if (request.batch) return this.takeBatch(log, request, request.batch, now);
    // Every call goes through here: a log under the limit even with its expired entries counted
    // needs no pruning, so entries are dropped only near the limit, or when the log has doubled
    // since the last prune (which keeps both the work per call and the memory bounded).
    const cutoff = now - request.windowMs;
    if (log.entries.length + request.position >= request.limit || log.entries.length >= log.pruneAt) prune(log, cutoff);
    const n = log.entries.length;
    if (n + request.position < request.limit) return this.count(log, now + request.holdMs, null, liveCount(log.entries, cutoff) + 1);
    const freeAt = slotFreeAt(sortedEnds(log.entries), n + request.position - request.limit, request.limit, request.windowMs, now);
    return { ok: false, waitMs: Math.max(1, freeAt - now), paused: false, limitedBy: "quota", used: n };
  }

  /** A batch call: within the cap (which also keeps the rest of the window for interactive calls) and its client's share. */
  private takeBatch(log: VendorLog, request: TakeRequest, batch: BatchTake, now: number): TakeResult {
    // Batch calls are the few that wait their turn: an exact count is worth a prune each time.
    prune(log, now - request.windowMs);
    const all = log.entries;
    const ofBatch = all.filter((e) => e.batch !== null);
    const ofClient = ofBatch.filter((e) => e.batch === batch.client);
    const checks: [LimitedBy, Entry[], number, number][] = [
      ["reserve", all, request.position, batch.cap],
      ["reserve", ofBatch, request.position, batch.cap],
      ["share", ofClient, batch.clientPosition, batch.share],
    ];
    let freeAt = -Infinity;
    let limitedBy: LimitedBy = "reserve";
    for (const [rule, entries, position, max] of checks) {
      if (entries.length + position < max) continue;
      // A share of no whole call never frees: the caller hears "a window from now" and fails again then.
      const at = max <= 0 ? now + request.windowMs : slotFreeAt(sortedEnds(entries), entries.length + position - max, max, request.windowMs, now);
      if (at >= freeAt) {
        freeAt = at;
        limitedBy = rule;
      }
    }
    if (freeAt === -Infinity) return this.count(log, now + request.holdMs, batch.client, all.length + 1);
    return { ok: false, waitMs: Math.max(1, freeAt - now), paused: false, limitedBy, used: all.length };
  }

  private count(log: VendorLog, end: number, batch: string | null, used: number): TakeResult {
    const entry: Entry = { end, batch };
    log.entries.push(entry);
    return {
      ok: true,
      used,
      done: () => {
        entry.end = this.clock.now();
      },
    };
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

function prune(log: VendorLog, cutoff: number): void {
  log.entries = log.entries.filter((e) => e.end > cutoff);
  log.pruneAt = Math.max(MIN_PRUNE_LENGTH, 2 * log.entries.length);
}

/** Entries still in the window (the log may hold expired ones until its next prune). */
function liveCount(entries: readonly Entry[], cutoff: number): number {
  let n = 0;
  for (const e of entries) if (e.end > cutoff) n++;
  return n;
}

function sortedEnds(entries: readonly Entry[]): number[] {
  return entries.map((e) => e.end).sort((a, b) => a - b);
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
