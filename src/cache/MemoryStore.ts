// Answers in this process: the whole cache without `redis`, and the near copy of what Redis holds
// with it (VendorCache). The same objects are handed to every request,
// so nothing downstream may mutate a vendor answer (none does: loaders build new arrays and maps).
// Bounded by entry count: past `maxEntries` the least recently written go first.
// Hand-written rather than an lru-cache (which the parse cache uses), for its rules and its reads.
// lru-cache serves an entry at exactly its TTL, keeps one for ever on a TTL of 0, leaves expired
// entries in place on `peek`, and when full evicts by recency alone: live directory answers (kept
// 600 s) would go before dead yunzhong ones (30 s) written after them. test/cache/memoryStore.test.ts
// pins these rules, and an lru-cache 11.5.4 store (ttl per set, `perf` on our clock) fails three of
// its five tests. And `peek` is every cache hit: 60 ns here against 121 ns for lru-cache's, 20,000
// answers kept (2 million reads on Node 20); its writes are cheaper when full (1.1 against 3.7 µs),
// but a write follows a vendor call of milliseconds.
import type { Clock } from "../core/Clock.js";
import type { CacheStore, StoredAnswer } from "./CacheStore.js";

export class MemoryStore implements CacheStore {
  private readonly entries = new Map<string, { answer: StoredAnswer; until: number }>();

  constructor(
    private readonly maxEntries: number,
    private readonly clock: Clock,
  ) {
    if (!Number.isInteger(maxEntries) || maxEntries < 1) throw new TypeError(`MemoryStore: maxEntries must be a positive integer, got ${JSON.stringify(maxEntries)}`);
  }

  get size(): number {
    return this.entries.size;
  }

  get(key: string): Promise<StoredAnswer | undefined> {
    return Promise.resolve(this.peek(key));
  }

  /** `get` without the promise: the hot path of every cache hit. */
  peek(key: string): StoredAnswer | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (this.clock.now() < entry.until) return entry.answer;
    this.entries.delete(key);
    return undefined;
  }

  set(key: string, answer: StoredAnswer, keepMs: number): Promise<void> {
    this.entries.delete(key);
    this.entries.set(key, { answer, until: this.clock.now() + keepMs });
    if (this.entries.size > this.maxEntries) this.evict();
    return Promise.resolve();
  }

  // Dead entries first; then the oldest writes, a few at once so a full cache does not evict per set.
  private evict(): void {
    const now = this.clock.now();
    for (const [key, entry] of this.entries) if (now >= entry.until) this.entries.delete(key);
    let excess = this.entries.size - this.maxEntries + Math.ceil(this.maxEntries / 100);
    if (this.entries.size <= this.maxEntries) return;
    for (const key of this.entries.keys()) {
      if (excess-- <= 0) break;
      this.entries.delete(key);
    }
  }
}
