// The quota window and pause of every replica sharing one Redis. Each vendor has a sorted set of
// calls scored by their end (the latest possible end while in flight) and a pause key; one Lua
// script decides a call atomically, on Redis' own clock, so replicas whose clocks disagree still
// share one window. The sliding-window rule is MemoryQuotaBackend's. When Redis is unavailable the
// replica falls back on its own in-process window (and says so once): requests go on, each replica
// keeping the quota by itself, and a vendor's rate-limit answer still pauses it.
import { randomUUID } from "node:crypto";
import type { Redis } from "ioredis";
import type { Vendor } from "../errors/codes.js";
import type { MemoryQuotaBackend } from "../quota/MemoryQuotaBackend.js";
import type { QuotaBackend, TakeRequest, TakeResult } from "../quota/QuotaBackend.js";
import type { Logger } from "../core/Logger.js";
import { RedisGuard } from "./RedisGuard.js";
import { redisScript } from "./redisScript.js";

// KEYS: log, pause. ARGV: limit (-1 = none), windowMs, holdMs, position, member.
// Returns { 1 } when counted, { 0, waitMs, paused (1|0) } when not. The estimate for a caller
// beyond the logged calls follows slotFreeAt (MemoryQuotaBackend.ts).
const TAKE = redisScript("wecomGraphQuotaTake", 2, `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local pausedUntil = tonumber(redis.call('GET', KEYS[2]) or '0')
if pausedUntil > now then return { 0, pausedUntil - now, 1 } end
local limit = tonumber(ARGV[1])
if limit < 0 then return { 1 } end
local window = tonumber(ARGV[2])
local hold = tonumber(ARGV[3])
local position = tonumber(ARGV[4])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
local n = redis.call('ZCARD', KEYS[1])
if n + position < limit then
  redis.call('ZADD', KEYS[1], now + hold, ARGV[5])
  redis.call('PEXPIRE', KEYS[1], window + hold + 60000)
  return { 1 }
end
local k = n + position - limit
local later = 0
while k >= n do
  k = k - limit
  later = later + window
end
local freeAt = now
if k >= 0 then
  local e = redis.call('ZRANGE', KEYS[1], k, k, 'WITHSCORES')
  freeAt = tonumber(e[2]) + window
end
return { 0, math.max(1, freeAt + later - now), 0 }
`);

// KEYS: log. ARGV: member, windowMs. The call is over: it counts for a window from now.
const DONE = redisScript("wecomGraphQuotaDone", 1, `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZADD', KEYS[1], now, ARGV[1])
redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[2]) + 60000)
return 1
`);

// KEYS: pause. ARGV: ms. Extends the pause to now + ms (never shortens it); returns the pause left.
const PAUSE = redisScript("wecomGraphQuotaPause", 1, `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local untilMs = now + tonumber(ARGV[1])
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
if current >= untilMs then return current - now end
redis.call('SET', KEYS[1], untilMs, 'PX', ARGV[1])
return tonumber(ARGV[1])
`);

export class RedisQuotaBackend implements QuotaBackend {
  private readonly guard: RedisGuard;
  /** Unique per replica, so two replicas' calls are never one member of the set. */
  private readonly replica = randomUUID();
  private calls = 0;

  constructor(
    redis: Redis,
    private readonly fallback: MemoryQuotaBackend,
    logger: Logger,
    guardTimeoutMs?: number,
  ) {
    this.guard = new RedisGuard(redis, logger, {
      what: "the vendor quotas",
      fallback: "this replica's own quota windows",
      ...(guardTimeoutMs === undefined ? {} : { timeoutMs: guardTimeoutMs }),
    });
  }

  take(vendor: Vendor, request: TakeRequest): Promise<TakeResult> {
    const member = `${this.replica}:${++this.calls}`;
    const log = `quota:${vendor}:calls`;
    return this.guard.run(
      async (redis) => {
        const reply = (await TAKE(redis, [
          log,
          `quota:${vendor}:pause`,
          request.limit ?? -1,
          request.windowMs,
          request.holdMs,
          request.position,
          member,
        ])) as number[];
        if (reply[0] === 1) {
          return {
            ok: true,
            done: () => {
              // Not awaited: the next call's wait does not depend on it (until it lands, the entry
              // counts to its latest possible end, which only errs on the polite side).
              void this.guard.run((r) => DONE(r, [log, member, request.windowMs]), () => 0);
            },
          };
        }
        return { ok: false, waitMs: Number(reply[1]), paused: reply[2] === 1 };
      },
      () => this.fallback.takeNow(vendor, request),
    );
  }

  async pause(vendor: Vendor, ms: number): Promise<number> {
    // Kept here as well, so a Redis outage right after does not forget the pause.
    const local = this.fallback.pauseNow(vendor, ms);
    return this.guard.run(async (redis) => Number(await PAUSE(redis, [`quota:${vendor}:pause`, Math.round(ms)])), () => local);
  }
}
