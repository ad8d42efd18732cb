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
import type { LimitedBy, QuotaBackend, TakeRequest, TakeResult } from "../quota/QuotaBackend.js";
import type { Logger } from "../core/Logger.js";
import { RedisGuard } from "./RedisGuard.js";
import { redisScript } from "./redisScript.js";

// KEYS: log, pause, batch log, client log. ARGV: limit (-1 = none), windowMs, holdMs, position,
// member, cap (-1 = an interactive call), share, clientPosition.
// Returns { 1, used } when counted, { 0, waitMs, paused (1|0), used, limitedBy (0 quota, 1 reserve,
// 2 share) } when not (used -1: not counted). A batch call must fit the whole log and the batch log
// under the cap and its client's log under its share (MemoryQuotaBackend.takeBatch), and is then
// entered in all three. The estimate for a caller beyond the logged calls follows slotFreeAt
// (MemoryQuotaBackend.ts).
const TAKE = redisScript("wecomGraphQuotaTake", 4, `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local pausedUntil = tonumber(redis.call('GET', KEYS[2]) or '0')
if pausedUntil > now then return { 0, pausedUntil - now, 1, -1, 0 } end
local limit = tonumber(ARGV[1])
if limit < 0 then return { 1, -1 } end
local window = tonumber(ARGV[2])
local hold = tonumber(ARGV[3])
local position = tonumber(ARGV[4])
local cap = tonumber(ARGV[6])
local function freeAt(key, n, index, max)
  if max <= 0 then return now + window end
  local k = index
  local later = 0
  while k >= n do
    k = k - max
    later = later + window
  end
  local at = now
  if k >= 0 then
    local e = redis.call('ZRANGE', key, k, k, 'WITHSCORES')
    at = tonumber(e[2]) + window
  end
  return at + later
end
local keep = window + hold + 60000
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
local n = redis.call('ZCARD', KEYS[1])
if cap < 0 then
  if n + position < limit then
    redis.call('ZADD', KEYS[1], now + hold, ARGV[5])
    redis.call('PEXPIRE', KEYS[1], keep)
    return { 1, n + 1 }
  end
  return { 0, math.max(1, freeAt(KEYS[1], n, n + position - limit, limit) - now), 0, n, 0 }
end
local share = tonumber(ARGV[7])
local clientPosition = tonumber(ARGV[8])
redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', now - window)
redis.call('ZREMRANGEBYSCORE', KEYS[4], '-inf', now - window)
local b = redis.call('ZCARD', KEYS[3])
local c = redis.call('ZCARD', KEYS[4])
local waitUntil = nil
local why = 1
if n + position >= cap then waitUntil = freeAt(KEYS[1], n, n + position - cap, cap) end
if b + position >= cap then
  local at = freeAt(KEYS[3], b, b + position - cap, cap)
  if waitUntil == nil or at > waitUntil then waitUntil = at end
end
if c + clientPosition >= share then
  local at = freeAt(KEYS[4], c, c + clientPosition - share, share)
  if waitUntil == nil or at >= waitUntil then
    waitUntil = at
    why = 2
  end
end
if waitUntil == nil then
  for i = 1, 4 do
    if i ~= 2 then
      redis.call('ZADD', KEYS[i], now + hold, ARGV[5])
      redis.call('PEXPIRE', KEYS[i], keep)
    end
  end
  return { 1, n + 1 }
end
return { 0, math.max(1, waitUntil - now), 0, n, why }
`);

// KEYS: log. ARGV: member, windowMs. The call is over: it counts for a window from now.
const DONE = redisScript("wecomGraphQuotaDone", 1, `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZADD', KEYS[1], now, ARGV[1])
redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[2]) + 60000)
return 1
`);

// KEYS: log, batch log, client log. ARGV: member, windowMs. A batch call is over: in all three logs.
const DONE_BATCH = redisScript("wecomGraphQuotaDoneBatch", 3, `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
for i = 1, 3 do
  redis.call('ZADD', KEYS[i], now, ARGV[1])
  redis.call('PEXPIRE', KEYS[i], tonumber(ARGV[2]) + 60000)
end
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

/** The TAKE script's refusal reasons, by number. */
const LIMITED_BY: readonly LimitedBy[] = ["quota", "reserve", "share"];

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
    const batch = request.batch;
    // A batch call is also entered in the window's batch log and its client's (README, Sharing the vendors' quotas).
    const batchLog = `quota:${vendor}:batch`;
    const clientLog = batch ? `quota:${vendor}:batch:${batch.client}` : batchLog;
    return this.guard.run(
      async (redis) => {
        const reply = (await TAKE(redis, [
          log,
          `quota:${vendor}:pause`,
          batchLog,
          clientLog,
          request.limit ?? -1,
          request.windowMs,
          request.holdMs,
          request.position,
          member,
          batch ? batch.cap : -1,
          batch ? batch.share : 0,
          batch ? batch.clientPosition : 0,
        ])) as number[];
        const used = Number(reply[reply[0] === 1 ? 1 : 3]);
        if (reply[0] === 1) {
          return {
            ok: true,
            ...(used >= 0 ? { used } : {}),
            done: () => {
              // Not awaited: the next call's wait does not depend on it (until it lands, the entry
              // counts to its latest possible end, which only errs on the polite side).
              void this.guard.run((r) => (batch ? DONE_BATCH(r, [log, batchLog, clientLog, member, request.windowMs]) : DONE(r, [log, member, request.windowMs])), () => 0);
            },
          };
        }
        const paused = reply[2] === 1;
        return {
          ok: false,
          waitMs: Number(reply[1]),
          paused,
          ...(paused ? {} : { limitedBy: LIMITED_BY[Number(reply[4])] ?? "quota" }),
          ...(used >= 0 ? { used } : {}),
        };
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
