// Where answers live: this process's memory (MemoryStore) or a Redis every replica shares
// (RedisStore). The cache's rules (freshness, stale, refresh, singleflight) are the same for both.

export interface StoredAnswer {
  value: unknown;
  /** When the vendor gave it (epoch ms). */
  fetchedAt: number;
}

export interface OnceOptions {
  /** Stop waiting for another replica once everyone here has gone. */
  signal: AbortSignal;
  /** How long another replica may hold the fetch before it is presumed dead. */
  lockMs: number;
  /** Whether an answer another replica stored is good enough to end the wait. */
  fresh(answer: StoredAnswer): boolean;
}

export interface CacheStore {
  get(key: string): Promise<StoredAnswer | undefined>;
  /** Keeps the answer for `keepMs` (its TTL plus the stale window); then it is gone. */
  set(key: string, answer: StoredAnswer, keepMs: number): Promise<void>;
  /**
   * Runs `fetch` (which stores its answer) in one replica of the cluster at a time; the others
   * wait for the answer to appear. Absent for a store no other process sees.
   */
  once?(key: string, fetch: () => Promise<StoredAnswer>, options: OnceOptions): Promise<StoredAnswer>;
}
