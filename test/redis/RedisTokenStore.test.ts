// yunzhenji's token shared by replicas through a real redis-server: fetched by one replica at a
// time, double-checked after the lease, refreshed before expiry by one replica, replaced on 110-112
// only if it is still the token that failed, scrubbed on every replica that uses it.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Redis } from "ioredis";
import { configSchema } from "../../src/server/config.js";
import { createSources } from "../../src/server/createSources.js";
import { simulatorConfig } from "../../src/simulators/simulatorConfig.js";
import { connectRedis } from "../../src/redis/connectRedis.js";
import { RedisTokenStore, tokenKey } from "../../src/redis/RedisTokenStore.js";
import type { StoredToken } from "../../src/vendors/yunzhenji/tokenStore.js";
import type { YunzhenjiClient } from "../../src/vendors/yunzhenji/YunzhenjiClient.js";
import { startRedisServer, type RedisServer } from "../helpers/redisServer.js";
import { captureLogger } from "../helpers/captureLogger.js";
import { expectNoSecrets, failure } from "../helpers/vendors.js";
import { ACCOUNTS_PAGE, loggedSimulators, startReplicas, type LoggedSimulators, type Replica } from "../helpers/replicas.js";
import { sleep } from "../helpers/sleep.js";

let sim: LoggedSimulators;
let redis: RedisServer;
beforeAll(async () => {
  [sim, redis] = await Promise.all([loggedSimulators({ size: "small" }), startRedisServer()]);
});
afterAll(async () => {
  await Promise.all([sim?.close(), redis?.stop()]);
});
beforeEach(() => {
  sim.reset();
  sim.forget();
});

let prefixes = 0;
const keyPrefix = () => `token-test-${++prefixes}:`;
const tokenFetches = () => sim.arrivals("yunzhenji", "oauth/token").length;
const yunzhenjiSettings = () => configSchema.parse(simulatorConfig(sim.url, sim.dataset)).vendors.yunzhenji!;
const storedKey = (prefix: string) => `${prefix}${tokenKey(yunzhenjiSettings().baseUrl, yunzhenjiSettings().appId)}`;
async function stored(prefix: string): Promise<StoredToken> {
  return JSON.parse((await redis.client.get(storedKey(prefix))) as string) as StoredToken;
}

function twoReplicas(prefix = keyPrefix()) {
  const started = startReplicas(sim, { count: 2, redis: { url: redis.url, keyPrefix: prefix } });
  return { ...started, prefix, a: started.replicas[0] as Replica, b: started.replicas[1] as Replica };
}

async function allOk(queries: Promise<{ errors?: unknown[] }>[]): Promise<void> {
  for (const res of await Promise.all(queries)) expect(res.errors).toBeUndefined();
}

describe("one token for every replica", () => {
  it("two cold replicas asked at once fetch one token between them, kept in Redis with its expiry", async () => {
    const { a, b, prefix, close } = twoReplicas();
    try {
      await allOk([...Array.from({ length: 5 }, () => a.query(ACCOUNTS_PAGE)), ...Array.from({ length: 5 }, () => b.query(ACCOUNTS_PAGE))]);
      expect(tokenFetches()).toBe(1);
      const token = await stored(prefix);
      expect(token.accessToken).toMatch(/^[0-9a-f]{32}$/);
      expect(token.refreshAt).toBe(token.expiresAt - 60_000);
      const ttl = await redis.client.pttl(storedKey(prefix));
      expect(ttl).toBeGreaterThan(7_100_000);
      expect(ttl).toBeLessThanOrEqual(7_200_000);
      // A credential: in no log line of either replica (debug included).
      expectNoSecrets([...a.logs.texts(), ...b.logs.texts()], [token.accessToken]);
    } finally {
      await close();
    }
  });

  it("a forced 110 on one replica leads to exactly one refresh; the other replica takes the new token from Redis when its own fails", async () => {
    const { a, b, prefix, close } = twoReplicas();
    try {
      await allOk([a.query(ACCOUNTS_PAGE), b.query(ACCOUNTS_PAGE)]);
      const first = (await stored(prefix)).accessToken;
      sim.setKnobs({ yunzhenji: { failNext: 1, failWith: "110" } });
      await allOk([a.query(ACCOUNTS_PAGE)]);
      expect(tokenFetches()).toBe(2);
      const second = (await stored(prefix)).accessToken;
      expect(second).not.toBe(first);
      // b still holds the first token, which the vendor still takes: nothing to refresh.
      await allOk([b.query(ACCOUNTS_PAGE)]);
      expect(tokenFetches()).toBe(2);
      // When the vendor rejects it on b, b finds the newer token in Redis instead of fetching.
      sim.setKnobs({ yunzhenji: { failNext: 1, failWith: "111" } });
      await allOk([b.query(ACCOUNTS_PAGE)]);
      expect(tokenFetches()).toBe(2);
      expect((await stored(prefix)).accessToken).toBe(second);
      expect(b.logs.texts().join("\n")).toContain("yunzhenji rejected the access token; fetching a new one and trying once more");
    } finally {
      await close();
    }
  });

  it("both replicas rejected with the same token at once: exactly one refresh, the second replica takes it", async () => {
    const { a, b, prefix, close } = twoReplicas();
    try {
      await allOk([a.query(ACCOUNTS_PAGE), b.query(ACCOUNTS_PAGE)]);
      const first = (await stored(prefix)).accessToken;
      sim.setKnobs({ yunzhenji: { failNext: 2, failWith: "110" } });
      await allOk([a.query(ACCOUNTS_PAGE), b.query(ACCOUNTS_PAGE)]);
      expect(tokenFetches()).toBe(2);
      expect((await stored(prefix)).accessToken).not.toBe(first);
      expect(sim.arrivals("yunzhenji", "wechat/list")).toHaveLength(2 + 2 + 2);
    } finally {
      await close();
    }
  });

  it("refreshed before it expires, by one replica", async () => {
    sim.setKnobs({ yunzhenji: { tokenTtlSeconds: 2 } });
    const { a, b, prefix, close } = twoReplicas();
    try {
      await allOk([a.query(ACCOUNTS_PAGE), b.query(ACCOUNTS_PAGE)]);
      const first = await stored(prefix);
      // 10% of a 2 s lifetime: due 200 ms before it expires.
      expect(first.expiresAt - first.refreshAt).toBe(200);
      await sleep(first.refreshAt - Date.now() + 50);
      await allOk([...Array.from({ length: 4 }, () => a.query(ACCOUNTS_PAGE)), ...Array.from({ length: 4 }, () => b.query(ACCOUNTS_PAGE))]);
      expect(tokenFetches()).toBe(2);
      // No call went out with an expired token (that would be a 111 and a third fetch).
      expect((await stored(prefix)).accessToken).not.toBe(first.accessToken);
    } finally {
      await close();
    }
  });

  it("a replica that died holding the lease holds the others up only until the lease runs out", async () => {
    const { a, prefix, close } = twoReplicas();
    try {
      await redis.client.set(`${storedKey(prefix)}:lease`, "a replica that died", "PX", 800);
      const started = Date.now();
      await allOk([a.query(ACCOUNTS_PAGE)]);
      expect(tokenFetches()).toBe(1);
      expect(sim.arrivals("yunzhenji", "oauth/token")[0]! - started).toBeGreaterThanOrEqual(750);
      expect(await redis.client.exists(`${storedKey(prefix)}:lease`)).toBe(0);
    } finally {
      await close();
    }
  });
});

describe("RedisTokenStore", () => {
  const token = (accessToken: string): StoredToken => ({ accessToken, expiresAt: Date.now() + 60_000, refreshAt: Date.now() + 50_000 });
  let conn: Redis;
  beforeAll(() => {
    conn = connectRedis({ url: redis.url, keyPrefix: "store-test:" }, captureLogger());
  });
  afterAll(() => conn.disconnect());

  it("replaces the stored token only if it is still the one the fetch replaces (compare-and-set)", async () => {
    const store = new RedisTokenStore(conn, { baseUrl: "http://y.test", appId: "cas", now: Date.now, logger: captureLogger() });
    const lease = (await store.lease())!;
    expect(await store.lease()).toBeNull();
    expect(await lease.replace(token("t1"), null)).toBe(true);
    expect(await lease.replace(token("t3"), "t0")).toBe(false);
    expect((await store.read())!.accessToken).toBe("t1");
    expect(await lease.replace(token("t2"), "t1")).toBe(true);
    expect((await store.read())!.accessToken).toBe("t2");
    await lease.release();
    expect(await store.lease()).not.toBeNull();
  });

  it("a lease is released only by its holder: one that outlived its lease leaves the next holder's alone", async () => {
    const store = new RedisTokenStore(conn, { baseUrl: "http://y.test", appId: "holder", now: Date.now, logger: captureLogger(), leaseMs: 100 });
    const late = (await store.lease())!;
    await sleep(150);
    const next = (await store.lease())!;
    expect(next).not.toBeNull();
    await late.release();
    expect(await store.lease()).toBeNull();
    await next.release();
    expect(await store.lease()).not.toBeNull();
  });
});

describe("the vendor layer of a replica", () => {
  const settings = () => configSchema.parse(simulatorConfig(sim.url, sim.dataset)).vendors;

  it("scrubs a token it read from Redis, not only one it fetched", async () => {
    const prefix = keyPrefix();
    const logs = captureLogger();
    const [connA, connB] = [connectRedis({ url: redis.url, keyPrefix: prefix }, logs), connectRedis({ url: redis.url, keyPrefix: prefix }, logs)];
    try {
      const a = createSources(settings(), { redis: connA, logger: logs }).yunzhenji as YunzhenjiClient;
      const b = createSources(settings(), { redis: connB, logger: logs }).yunzhenji as YunzhenjiClient;
      await a.listAccountsPage({ page: 1, pageSize: 1 });
      await b.listAccountsPage({ page: 1, pageSize: 1 });
      expect(tokenFetches()).toBe(1);
      const shared = (await stored(prefix)).accessToken;
      expect(b.transport.scrub(`access_token=${shared}`)).not.toContain(shared);
      expectNoSecrets(logs.texts(), [shared]);
    } finally {
      connA.disconnect();
      connB.disconnect();
    }
  });

  it("waits for another replica's fetch only until its own deadline", async () => {
    const prefix = keyPrefix();
    const conn = connectRedis({ url: redis.url, keyPrefix: prefix }, captureLogger());
    try {
      const client = createSources(settings(), { redis: conn }).yunzhenji!;
      await redis.client.set(`${storedKey(prefix)}:lease`, "another replica", "PX", 1500);
      const started = Date.now();
      const error = await failure(client.listAccountsPage({ page: 1, pageSize: 1 }, { deadline: started + 300 }));
      expect(error.code).toBe("UPSTREAM_TIMEOUT");
      expect(error.message).toBe("yunzhenji oauth/token: no access token before the operation's deadline");
      expect(Date.now() - started).toBeLessThan(1500);
      expect(tokenFetches()).toBe(0);
      // The fetch itself did not die with the request: once the lease runs out, it gets the token.
      await expect.poll(tokenFetches, { timeout: 5000 }).toBe(1);
      await expect.poll(async () => (await redis.client.exists(storedKey(prefix))) === 1).toBe(true);
    } finally {
      conn.disconnect();
    }
  });

  it("with Redis down, fetches a token of its own and says so once", async () => {
    const own = await startRedisServer();
    const logs = captureLogger();
    const conn = connectRedis({ url: own.url, keyPrefix: keyPrefix() }, logs);
    try {
      await conn.ping();
      await own.stop();
      const client = createSources(settings(), { redis: conn, logger: logs }).yunzhenji!;
      const page = await client.listAccountsPage({ page: 1, pageSize: 1 });
      expect(page.rows).toHaveLength(1);
      await client.listAccountsPage({ page: 2, pageSize: 1 });
      expect(tokenFetches()).toBe(1);
      const warnings = logs.lines.filter((l) => l.level === "warn" && l.msg?.startsWith("redis unavailable for"));
      expect(warnings.map((l) => l.msg)).toEqual([
        "redis unavailable for the yunzhenji token; using a token of this replica's own until it is back",
        "redis unavailable for the vendor quotas; using this replica's own quota windows until it is back",
      ]);
    } finally {
      conn.disconnect();
    }
  });
});
