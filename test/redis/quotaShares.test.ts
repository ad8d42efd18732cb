// The two quota backends count a batch call three times (all calls, batch calls, its client's
// calls) and agree on every answer: the same takes, in process and in a real redis-server (the
// Lua script), meet the same refusals for the same reasons. The window is the real minute; every
// call ends (done) as soon as it is counted, so a refused call's wait is a minute less a few ms.
import type { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemClock } from "../../src/core/Clock.js";
import type { Vendor } from "../../src/errors/codes.js";
import { MemoryQuotaBackend } from "../../src/quota/MemoryQuotaBackend.js";
import type { BatchTake, QuotaBackend, TakeResult } from "../../src/quota/QuotaBackend.js";
import { connectRedis } from "../../src/redis/connectRedis.js";
import { RedisQuotaBackend } from "../../src/redis/RedisQuotaBackend.js";
import { captureLogger } from "../helpers/captureLogger.js";
import { startRedisServer, type RedisServer } from "../helpers/redisServer.js";

const MINUTE = 60_000;
const LIMIT = 10;
const CAP = 5;

let server: RedisServer;
let redis: Redis;
beforeAll(async () => {
  server = await startRedisServer();
  redis = connectRedis({ url: server.url, keyPrefix: "shares-test:" }, captureLogger());
});
afterAll(async () => {
  redis?.disconnect();
  await server?.stop();
});

const backends: [string, () => QuotaBackend][] = [
  ["in process", () => new MemoryQuotaBackend(systemClock)],
  ["in Redis", () => new RedisQuotaBackend(redis, new MemoryQuotaBackend(systemClock), captureLogger())],
];

/** What a take answered, with the wait rounded up to whole seconds (the Retry-After a caller hears). */
function seen(result: TakeResult): { ok: boolean; used?: number | undefined; limitedBy?: string | undefined; waitSeconds?: number } {
  if (result.ok) {
    result.done();
    return { ok: true, used: result.used };
  }
  return { ok: false, used: result.used, limitedBy: result.limitedBy, waitSeconds: Math.ceil(result.waitMs / 1000) };
}

describe.each(backends)("%s", (_name, make) => {
  const take = (backend: QuotaBackend, vendor: Vendor, batch?: Omit<BatchTake, "cap" | "clientPosition"> & { clientPosition?: number }, position = 0) =>
    backend
      .take(vendor, { limit: LIMIT, windowMs: MINUTE, holdMs: 1000, position, ...(batch ? { batch: { cap: CAP, clientPosition: 0, ...batch } } : {}) })
      .then(seen);

  it("a batch client within its share, batch clients within the cap, interactive calls to the limit", async () => {
    const backend = make();
    const vendor: Vendor = "yunzhenji";
    const a = { client: "a", share: 3 };
    const b = { client: "b", share: 5 };
    const results = [];
    for (let i = 0; i < 4; i++) results.push(await take(backend, vendor, a));
    for (let i = 0; i < 3; i++) results.push(await take(backend, vendor, b));
    for (let i = 0; i < 6; i++) results.push(await take(backend, vendor));
    const refusedFor = (limitedBy: string) => ({ ok: false, used: expect.any(Number), limitedBy, waitSeconds: 60 });
    expect(results).toEqual([
      { ok: true, used: 1 },
      { ok: true, used: 2 },
      { ok: true, used: 3 },
      // a's share: 3.
      refusedFor("share"),
      { ok: true, used: 4 },
      { ok: true, used: 5 },
      // b may have 5, but batch calls together only 5.
      refusedFor("reserve"),
      { ok: true, used: 6 },
      { ok: true, used: 7 },
      { ok: true, used: 8 },
      { ok: true, used: 9 },
      { ok: true, used: 10 },
      refusedFor("quota"),
    ]);
    expect(results.filter((r) => !r.ok).map((r) => r.used)).toEqual([3, 5, 10]);
  });

  it("interactive calls alone leave fewer than limit - cap: no batch call, though no batch call was made", async () => {
    const backend = make();
    for (let i = 0; i < 6; i++) expect((await take(backend, "shiheng")).ok).toBe(true);
    expect(await take(backend, "shiheng", { client: "a", share: 3 })).toEqual({ ok: false, used: 6, limitedBy: "reserve", waitSeconds: 60 });
  });

  it("a batch caller keeps room for the callers queued ahead of it: in the window, and of its own client", async () => {
    const backend = make();
    expect((await take(backend, "yunzhong", { client: "a", share: 3 })).ok).toBe(true);
    // 1 of a's 3 taken, 2 of a's callers ahead: none left for this one.
    expect(await take(backend, "yunzhong", { client: "a", share: 3, clientPosition: 2 })).toMatchObject({ ok: false, limitedBy: "share" });
    // 1 in the window, 4 callers ahead: the cap of 5 is reached.
    expect(await take(backend, "yunzhong", { client: "b", share: 5 }, 4)).toMatchObject({ ok: false, limitedBy: "reserve" });
    expect(await take(backend, "yunzhong", { client: "b", share: 5 }, 3)).toEqual({ ok: true, used: 2 });
  });

  it("a share of no whole call never lets a batch call through", async () => {
    const backend = make();
    expect(await take(backend, "directory", { client: "a", share: 0 })).toEqual({ ok: false, used: 0, limitedBy: "share", waitSeconds: 60 });
  });
});

it("Redis keeps the three logs under the configured prefix", async () => {
  await server.client.del(...["calls", "batch", "batch:a", "batch:b"].map((log) => `shares-test:quota:yunzhenji:${log}`));
  const backend = new RedisQuotaBackend(redis, new MemoryQuotaBackend(systemClock), captureLogger());
  for (const batch of [{ client: "a", share: 3, cap: CAP, clientPosition: 0 }, { client: "b", share: 3, cap: CAP, clientPosition: 0 }, undefined]) {
    expect((await backend.take("yunzhenji", { limit: LIMIT, windowMs: MINUTE, holdMs: 1000, position: 0, batch })).ok).toBe(true);
  }
  expect(await server.client.zcard("shares-test:quota:yunzhenji:calls")).toBe(3);
  expect(await server.client.zcard("shares-test:quota:yunzhenji:batch")).toBe(2);
  expect(await server.client.zcard("shares-test:quota:yunzhenji:batch:a")).toBe(1);
  expect(await server.client.zcard("shares-test:quota:yunzhenji:batch:b")).toBe(1);
});
