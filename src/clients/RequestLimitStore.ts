// Where each client's requests of the last minute are counted (README, Sharing the vendors'
// quotas): in this process (MemoryRequestLimitStore.ts), or in Redis for every replica sharing it
// (src/redis/RedisRequestLimitStore.ts, chosen by src/server/app.ts). A store only counts,
// atomically; useClients.ts decides what a refusal looks like.

export type LimitResult =
  /** Counted: the request goes on. */
  | { ok: true }
  /** Not counted: `limit` requests were already counted in the window; the oldest leaves it in `retryAfterMs`. */
  | { ok: false; retryAfterMs: number };

export interface RequestLimitStore {
  /**
   * Counts one request of `client` if fewer than `limit` were counted in the sliding window of the
   * last `windowMs`. A refused request is not counted, so a client that keeps trying is served again
   * as soon as its oldest counted request leaves the window.
   */
  take(client: string, limit: number, windowMs: number): Promise<LimitResult>;
}
