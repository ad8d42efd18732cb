// Two replicas of the app sharing one real redis-server (never a mock): vendor answers and
// singleflight are per cluster, domain objects (Dates) survive the trip, a vendor's failure is
// shared instead of repeated, and a Redis that goes away only costs the cache.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { cacheSettings } from "../../src/cache/CacheSettings.js";
import { GraphCache } from "../../src/cache/GraphCache.js";
import { createApp, type App, type AppDeps } from "../../src/server/app.js";
import { configSchema, type AppConfig } from "../../src/server/config.js";
import { simulatorConfig } from "../../src/simulators/simulatorConfig.js";
import { startSimulators, type RunningSimulators } from "../../src/simulators/startSimulators.js";
import { connectRedis } from "../../src/redis/connectRedis.js";
import { RedisStore } from "../../src/redis/RedisStore.js";
import type { Clock } from "../../src/core/Clock.js";
import { mappedCorps } from "../helpers/expectedGraph.js";
import { dataCalls, type GraphResult } from "../helpers/graph.js";
import { startRedisServer, type RedisServer } from "../helpers/redisServer.js";
import { captureLogger } from "../helpers/captureLogger.js";

const TTL = { yunzhenji: 30, shiheng: 300, yunzhong: 30, directory: 600 };
const STALE = 600;

let offset = 0;
const clock: Clock = { now: () => Date.now() + offset, sleep: (ms) => new Promise((r) => setTimeout(r, ms)) };

let redis: RedisServer;
let sim: RunningSimulators;
let config: AppConfig;
const apps: App[] = [];
const connections: { disconnect(): void }[] = [];

beforeAll(async () => {
  redis = await startRedisServer();
  sim = await startSimulators({ clock });
  config = configSchema.parse({ ...simulatorConfig(sim.url, sim.dataset), redis: { url: redis.url, keyPrefix: "wg-test:" }, cache: { ttlSeconds: TTL, staleSeconds: STALE } });
});
afterAll(async () => {
  await sim?.close();
  await redis?.stop();
});
afterEach(async () => {
  sim.setKnobs({ yunzhenji: { forceError: null, latencyMs: 0 }, yunzhong: { forceError: null } });
  await Promise.all(apps.splice(0).map((app) => app.dispose()));
  for (const c of connections.splice(0)) c.disconnect();
  await redis.client.flushdb();
});

type Query = (query: string, variables?: Record<string, unknown>) => Promise<GraphResult>;

function replica(deps: AppDeps = {}, cfg: AppConfig = config): Query {
  const app = createApp(cfg, { retryBaseDelayMs: 1, clock, ...deps });
  apps.push(app);
  return async (query, variables) => {
    const res = await app.fetch("http://graph.test/graphql", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query, variables }) });
    return (await res.json()) as GraphResult;
  };
}

/** A replica whose cache the test holds, to wait for its background refreshes. */
function replicaWithCache(): { query: Query; cache: GraphCache } {
  const connection = connectRedis(config.redis!, captureLogger());
  connections.push(connection);
  const cache = new GraphCache(cacheSettings(config.cache), { shared: new RedisStore(connection), clock });
  return { query: replica({ cache }), cache };
}

const calls = () => dataCalls(sim.stats());
const ACCOUNTS = `{ accounts(first: 5) { totalCount edges { node { wxid lastLoginAt lastOfflineAt } } } }`;

describe("one cache for the cluster", () => {
  it("50 identical concurrent cold requests over two replicas make one vendor call", async () => {
    const a = replica();
    const b = replica();
    const before = calls().yunzhenji;
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => (i % 2 ? a : b)(ACCOUNTS)));
    expect(calls().yunzhenji - before).toBe(1);
    expect(new Set(results.map((r) => JSON.stringify(r))).size).toBe(1);
    expect(results[0]!.data.accounts.totalCount).toBe(sim.dataset.accounts.length);
    // The answer lives in Redis under the configured prefix.
    expect((await redis.client.keys("wg-test:cache:*")).length).toBe(1);
  });

  it("a replica answers from what another stored, Dates included, with no vendor call", async () => {
    const c = mappedCorps(sim.dataset)[0]!.corpId;
    const q = `query($c: String!) { corp(corpId: $c) { customers(first: 20) { edges { node { id name addedAt tags { name } owner { name mobile position } } } } accounts { edges { node { wxid lastLoginAt employee { name } } } } } }`;
    const first = await replica()(q, { c });
    expect(first.errors).toBeUndefined();
    const before = calls();
    const second = await replica()(q, { c });
    expect(second).toEqual(first);
    expect(calls()).toEqual(before);
  });

  it("a vendor failure is shared: the cluster asks once (with its retries) and every request gets the error", async () => {
    const q = `query($c: String!) { corp(corpId: $c) { customers(first: 5) { totalCount } } }`;
    const c = mappedCorps(sim.dataset)[0]!.corpId;
    sim.setKnobs({ yunzhong: { forceError: "http500" } });
    const single = calls().yunzhong;
    const alone = await replica()(q, { c });
    expect(alone.errors).toMatchObject([{ extensions: { code: "UPSTREAM_ERROR", vendor: "yunzhong" } }]);
    const perCall = calls().yunzhong - single;
    expect(perCall).toBe(3); // one call and its two retries

    const a = replica();
    const b = replica();
    const before = calls().yunzhong;
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b)(q, { c })));
    expect(calls().yunzhong - before).toBe(perCall);
    for (const r of results) {
      expect(r).toMatchObject({ data: { corp: { customers: null } }, errors: [{ message: "yunzhong getList failed with HTTP 500", extensions: { code: "UPSTREAM_ERROR", vendor: "yunzhong", endpoint: "getList" } }] });
    }
  });

  it("after the TTL, any replica serves the stored answer stale while one refresh runs; with the vendor down it stays stale", async () => {
    const writer = replicaWithCache();
    const fresh = await writer.query(ACCOUNTS);
    offset += 40_000;
    const reader = replicaWithCache();
    // The refresh takes a while, so every one of these reads happens while it runs.
    sim.setKnobs({ yunzhenji: { latencyMs: 150 } });
    const before = calls().yunzhenji;
    const stale = await Promise.all([reader.query(ACCOUNTS), reader.query(ACCOUNTS), writer.query(ACCOUNTS)]);
    for (const r of stale) expect(r).toEqual({ data: fresh.data, extensions: { stale: [{ vendor: "yunzhenji", ageSeconds: 40 }] } });
    await Promise.all([reader.cache.idle(), writer.cache.idle()]);
    expect(calls().yunzhenji - before).toBe(1);
    sim.setKnobs({ yunzhenji: { latencyMs: 0 } });
    expect(await reader.query(ACCOUNTS)).toEqual({ data: fresh.data });

    sim.setKnobs({ yunzhenji: { forceError: "http500" } });
    offset += 31_000;
    expect(await reader.query(ACCOUNTS)).toEqual({ data: fresh.data, extensions: { stale: [{ vendor: "yunzhenji", ageSeconds: 31 }] } });
    await reader.cache.idle();
  });
});

describe("without Redis", () => {
  it("a Redis that is unreachable costs the sharing, not the answers: one warning, and this replica caches for itself", async () => {
    const logger = captureLogger();
    const query = replica({ logger }, { ...config, redis: { url: "redis://127.0.0.1:1/0", keyPrefix: "x:" } });
    const before = calls().yunzhenji;
    const first = await query(ACCOUNTS);
    const second = await query(ACCOUNTS);
    expect(first.errors).toBeUndefined();
    expect(second).toEqual(first);
    expect(calls().yunzhenji - before).toBe(1);
    expect(logger.lines.filter((l) => l.msg === "shared cache (redis) unavailable; this replica caches alone")).toHaveLength(1);
  });
});
