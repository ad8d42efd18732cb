// Opt-in sharing of whole-list walks across requests. Off by default: every request then sees the
// vendors as they are. With a TTL, concurrent requests share one walk and later ones reuse it
// until it is older than the TTL; that is what keeps a busy graph under yunzhenji's 500 pulls a
// minute, at the price of an account's `online` being up to a TTL old. Failures are never kept.
import type { Clock } from "../vendors/http/deps.js";

export class ListCache {
  private readonly entries = new Map<string, { at: number; value: Promise<unknown> }>();

  constructor(
    readonly ttlMs: number,
    private readonly clock: Clock,
  ) {
    if (!Number.isFinite(ttlMs) || ttlMs < 0) throw new TypeError(`ListCache: ttlMs must be >= 0, got ${JSON.stringify(ttlMs)}`);
  }

  get<T>(key: string, load: () => Promise<T>): Promise<T> {
    if (this.ttlMs === 0) return load();
    const now = this.clock.now();
    const hit = this.entries.get(key);
    if (hit && now - hit.at < this.ttlMs) return hit.value as Promise<T>;
    const value = load();
    this.entries.set(key, { at: now, value });
    value.catch(() => {
      if (this.entries.get(key)?.value === value) this.entries.delete(key);
    });
    return value;
  }
}
