// What Redis holds must come back as exactly what the vendor client returned: domain objects with
// Dates, nulls and "not carried" (absent) members. Round-tripped here through the real clients'
// answers and a real redis-server.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RedisStore } from "../../src/redis/RedisStore.js";
import { decodeAnswer, encodeAnswer } from "../../src/cache/serialize.js";
import { configSchema } from "../../src/server/config.js";
import { createSources } from "../../src/server/createSources.js";
import { simulatorConfig } from "../../src/simulators/simulatorConfig.js";
import { startSimulators, type RunningSimulators } from "../../src/simulators/startSimulators.js";
import { connectRedis } from "../../src/redis/connectRedis.js";
import { startRedisServer, type RedisServer } from "../helpers/redisServer.js";
import { captureLogger } from "../helpers/captureLogger.js";

let sim: RunningSimulators;
let redis: RedisServer;
beforeAll(async () => {
  [sim, redis] = await Promise.all([startSimulators({ size: "small" }), startRedisServer()]);
});
afterAll(async () => {
  await sim?.close();
  await redis?.stop();
});

/** Every Date in `value`, by path, so a round trip can be checked to give Dates (not strings) back. */
function dates(value: unknown, path = "$", out: Record<string, number> = {}): Record<string, number> {
  if (value instanceof Date) out[path] = value.getTime();
  else if (Array.isArray(value)) value.forEach((v, i) => dates(v, `${path}[${i}]`, out));
  else if (value && typeof value === "object") for (const [k, v] of Object.entries(value)) dates(v, `${path}.${k}`, out);
  return out;
}

describe("serialized answers", () => {
  it("round-trip every vendor's domain objects, Dates as Dates", async () => {
    const sources = createSources(configSchema.parse(simulatorConfig(sim.url, sim.dataset)).vendors);
    const corp = sim.dataset.corps.find((c) => c.mapped)!;
    const owner = sim.dataset.customerRows.find((r) => r.corpId === corp.corpId)!.ownerUserId;
    const answers = [
      await sources.yunzhenji!.listAccountsPage({ page: 1, pageSize: 100 }),
      await sources.shiheng!.listEmployeesPage({ pageNum: 1, pageSize: 50 }),
      await sources.yunzhong!.listCustomersPage({ uniacid: corp.uniacid, page: 1 }),
      await sources.directory!.getUser({ corpId: corp.corpId, userId: owner }),
      await sources.directory!.getUser({ corpId: corp.corpId, userId: "NoSuchPerson" }),
    ];
    // Accounts and customers carry Dates (lastLoginAt, addedAt …); the rest must survive too.
    expect(Object.keys(dates(answers[0])).length).toBeGreaterThan(100);
    expect(Object.keys(dates(answers[2])).length).toBeGreaterThan(10);
    const connection = connectRedis({ url: redis.url, keyPrefix: "ser:" }, captureLogger());
    const store = new RedisStore(connection);
    let n = 0;
    for (const value of answers) {
      const found = dates(value);
      const back = decodeAnswer(encodeAnswer({ value, fetchedAt: 1_700_000_000_000 }));
      expect(back).toEqual({ value, fetchedAt: 1_700_000_000_000 });
      expect(dates(back.value)).toEqual(found);
      await store.set(`k${n}`, { value, fetchedAt: 5 }, 10_000);
      const stored = await store.get(`k${n++}`);
      expect(stored).toEqual({ value, fetchedAt: 5 });
      expect(dates(stored!.value)).toEqual(found);
    }
    expect(answers[4]).toBeNull();
    connection.disconnect();
  });

  it("keeps an invalid Date invalid, and an object that merely has a $date member an object", () => {
    const value = { at: new Date(Number.NaN), look: { $date: 5, other: 1 }, list: [new Date(0), null], gone: undefined };
    const back = decodeAnswer(encodeAnswer({ value, fetchedAt: 1 })).value as typeof value;
    expect(back.at).toBeInstanceOf(Date);
    expect(Number.isNaN(back.at.getTime())).toBe(true);
    expect(back.look).toEqual({ $date: 5, other: 1 });
    expect(back.list).toEqual([new Date(0), null]);
    expect("gone" in back).toBe(false);
  });

  it("an entry in another format is a miss, not an error", async () => {
    const connection = connectRedis({ url: redis.url, keyPrefix: "ser:" }, captureLogger());
    await redis.client.set("ser:cache:1:odd", "not json");
    expect(await new RedisStore(connection).get("odd")).toBeUndefined();
    connection.disconnect();
  });
});
