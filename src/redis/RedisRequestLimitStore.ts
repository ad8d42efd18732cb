// Each limited client's sliding window of requests, shared by every replica on one Redis: a sorted
// set of the requests counted, scored by their time on Redis' own clock, decided by one Lua script
// so replicas never both take the last place. When Redis is unavailable the limits fail open:
// every request is served (one warning for the outage, not one per request) until Redis answers
// again, since refusing every client because a shared counter is down would take the graph down
// with it.
import { randomUUID } from "node:crypto";
import type { Redis } from "ioredis";
import type { LimitResult, RequestLimitStore } from "../clients/RequestLimitStore.js";
import type { Logger } from "../core/Logger.js";
import { RedisGuard } from "./RedisGuard.js";
import { redisScript } from "./redisScript.js";

// KEYS: log. ARGV: limit, windowMs, member. Returns 0 when counted, else the ms until the request
// that must leave the window for one more to fit has left it.
const TAKE = redisScript("wecomGraphRequestLimitTake", 1, `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local limit = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
local n = redis.call('ZCARD', KEYS[1])
if n < limit then
  redis.call('ZADD', KEYS[1], now, ARGV[3])
  redis.call('PEXPIRE', KEYS[1], window)
  return 0
end
local e = redis.call('ZRANGE', KEYS[1], n - limit, n - limit, 'WITHSCORES')
return math.max(1, tonumber(e[2]) + window - now)
`);

const SERVED: LimitResult = Object.freeze({ ok: true });

export class RedisRequestLimitStore implements RequestLimitStore {
  private readonly guard: RedisGuard;
  /** Unique per replica, so two replicas' requests are never one member of the set. */
  private readonly replica = randomUUID();
  private requests = 0;

  constructor(redis: Redis, logger: Logger, guardTimeoutMs?: number) {
    this.guard = new RedisGuard(redis, logger, {
      what: "the clients' request limits",
      fallback: "no request limit (every request is served)",
      ...(guardTimeoutMs === undefined ? {} : { timeoutMs: guardTimeoutMs }),
    });
  }

  take(client: string, limit: number, windowMs: number): Promise<LimitResult> {
    const member = `${this.replica}:${++this.requests}`;
    return this.guard.run(
      async (redis) => {
        const waitMs = Number(await TAKE(redis, [`clients:${client}:requests`, limit, windowMs, member]));
        return waitMs === 0 ? SERVED : { ok: false, retryAfterMs: waitMs };
      },
      () => SERVED,
    );
  }
}
