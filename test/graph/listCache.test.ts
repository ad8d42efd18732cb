import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ListCache } from "../../src/loaders/ListCache.js";
import type { Clock } from "../../src/vendors/http/deps.js";
import { dataCalls, startTestGraph, type TestGraph } from "../helpers/graph.js";
import { mappedCorps } from "./expect.js";

let now = Date.now();
const clock: Clock = { now: () => now, sleep: (ms) => new Promise((r) => setTimeout(r, ms)) };

let g: TestGraph;
beforeAll(async () => {
  g = await startTestGraph({ sim: { size: "small" }, config: (c) => ({ ...c, cache: { listTtlSeconds: 30 } }), deps: { clock } });
});
afterAll(() => g.close());

const QUERY = `query($c: String!) { corp(corpId: $c) { accounts { totalCount } employees { totalCount } } }`;

describe("cache.listTtlSeconds", () => {
  it("shares the yunzhenji and shiheng walks across requests until the TTL passes", async () => {
    const c = mappedCorps(g.sim.dataset)[0]!.corpId;
    const first = await g.measure(QUERY, { c });
    expect(first.result.errors).toBeUndefined();
    expect(dataCalls(first.calls).yunzhenji).toBeGreaterThan(0);
    expect(dataCalls(first.calls).shiheng).toBeGreaterThan(0);
    now += 29_000;
    const second = await g.measure(QUERY, { c });
    expect(second.result).toEqual(first.result);
    expect(dataCalls(second.calls)).toEqual({ yunzhenji: 0, shiheng: 0, yunzhong: 0, directory: 0 });
    now += 2_000;
    const third = await g.measure(QUERY, { c });
    expect(dataCalls(third.calls)).toEqual(dataCalls(first.calls));
  });

  it("never keeps a failure", async () => {
    const cache = new ListCache(60_000, clock);
    let calls = 0;
    await expect(cache.get("k", async () => (calls++, Promise.reject(new Error("down"))))).rejects.toThrow("down");
    await new Promise((r) => setTimeout(r, 0));
    expect(await cache.get("k", async () => (calls++, "up"))).toBe("up");
    expect(await cache.get("k", async () => (calls++, "again"))).toBe("up");
    expect(calls).toBe(2);
  });

  it("with a TTL of 0 every call loads", async () => {
    const cache = new ListCache(0, clock);
    let calls = 0;
    await cache.get("k", async () => calls++);
    await cache.get("k", async () => calls++);
    expect(calls).toBe(2);
  });
});
