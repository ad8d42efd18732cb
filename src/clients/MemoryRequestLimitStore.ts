// Each limited client's requests of the last window, in this process: the times of the requests
// counted, oldest first. Only requests inside the window are kept, so a client holds at most its
// limit of them.
import type { LimitResult, RequestLimitStore } from "./RequestLimitStore.js";

interface Log {
  times: number[];
  /** Index of the oldest time still in the window: dropping from the front costs nothing. */
  head: number;
}

export class MemoryRequestLimitStore implements RequestLimitStore {
  private readonly logs = new Map<string, Log>();

  constructor(private readonly now: () => number) {}

  take(client: string, limit: number, windowMs: number): Promise<LimitResult> {
    return Promise.resolve(this.takeNow(client, limit, windowMs));
  }

  takeNow(client: string, limit: number, windowMs: number): LimitResult {
    const now = this.now();
    let log = this.logs.get(client);
    if (!log) {
      log = { times: [], head: 0 };
      this.logs.set(client, log);
    }
    const { times } = log;
    while (log.head < times.length && (times[log.head] as number) <= now - windowMs) log.head++;
    if (log.head > 64 && log.head * 2 > times.length) {
      times.splice(0, log.head);
      log.head = 0;
    }
    if (times.length - log.head < limit) {
      times.push(now);
      return { ok: true };
    }
    // The oldest counted request that must leave for one more to fit (a lowered limit: several).
    const oldest = times[times.length - limit] as number;
    return { ok: false, retryAfterMs: Math.max(1, oldest + windowMs - now) };
  }
}
