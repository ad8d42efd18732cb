// The cache through the public graph over the simulators, without Redis: what requests cost
// upstream once vendors have a TTL, what a stale answer looks like, and what a vendor that is down
// does to it. Time is moved by a clock the app reads (vendor latency stays real).
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { cacheSettings } from "../../src/cache/CacheSettings.js";
import { GraphCache } from "../../src/cache/GraphCache.js";
import { createApp } from "../../src/server/app.js";
import type { Clock } from "../../src/core/Clock.js";
import type { SimStats } from "../../src/simulators/startSimulators.js";
import { dataCalls, startTestGraph, type GraphResult, type TestGraph, NO_FORCED_ERRORS } from "../helpers/graph.js";
import { mappedCorps, rowsOfCorp } from "../helpers/expectedGraph.js";

const TTL = { yunzhenji: 30, shiheng: 300, yunzhong: 30, directory: 600 };
const STALE = 600;

let offset = 0;
const clock: Clock = { now: () => Date.now() + offset, sleep: (ms) => new Promise((r) => setTimeout(r, ms)) };
const events: string[] = [];

let g: TestGraph;
let cache: GraphCache;
beforeAll(async () => {
  cache = new GraphCache(cacheSettings({ ttlSeconds: TTL, staleSeconds: STALE, maxEntries: 20_000 }), { clock, observer: { cache: (e) => events.push(`${e.vendor}:${e.result}`) } });
  // The simulators keep the same time (shiheng refuses a signature more than 300 s off its clock).
  g = await startTestGraph({ sim: { clock }, config: (c) => ({ ...c, cache: { ttlSeconds: TTL, staleSeconds: STALE } }), deps: { clock, cache } });
});
afterAll(() => g.close());
afterEach(async () => {
  g.sim.setKnobs(NO_FORCED_ERRORS);
  await cache.idle();
  // Every test starts past every TTL and stale window: nothing it finds was left by another test.
  offset += (600 + STALE + 1) * 1000;
});

const corp = () => mappedCorps(g.sim.dataset)[0]!;
const ACCOUNTS = `query($f: Int, $a: String) { accounts(first: $f, after: $a) { totalCount pageInfo { endCursor hasNextPage } edges { node { wxid online employee { name } } } } }`;

/** Another replica of the app over the same simulators, with its own (in-process) cache. */
function replica() {
  const app = createApp(g.config, { retryBaseDelayMs: 1, clock });
  return async (query: string, variables?: Record<string, unknown>): Promise<GraphResult> => {
    const res = await app.fetch("http://graph.test/graphql", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query, variables }) });
    return (await res.json()) as GraphResult;
  };
}

describe("singleflight", () => {
  it("50 identical concurrent cold requests make one vendor call per replica", async () => {
    const q = `{ accounts(first: 5) { totalCount edges { node { wxid } } } }`;
    const other = replica();
    const before = g.sim.stats();
    const results = await Promise.all([...Array.from({ length: 25 }, () => g.query(q)), ...Array.from({ length: 25 }, () => other(q))]);
    const calls = dataCalls(g.sim.stats());
    const was = dataCalls(before);
    expect({ yunzhenji: calls.yunzhenji - was.yunzhenji, directory: calls.directory - was.directory }).toEqual({ yunzhenji: 2, directory: 0 });
    const expected = { accounts: { totalCount: g.sim.dataset.accounts.length, edges: g.sim.dataset.accounts.slice(0, 5).map((a) => ({ node: { wxid: a.wxid } })) } };
    for (const r of results) expect(r).toEqual({ data: expected });

    offset += 31_000 + STALE * 1000; // gone: cold again
    const start = dataCalls(g.sim.stats()).yunzhenji;
    await Promise.all(Array.from({ length: 50 }, () => g.query(q)));
    expect(dataCalls(g.sim.stats()).yunzhenji - start).toBe(1);
  });
});

describe("what paging costs with the cache on", () => {
  it("paging accounts with employee { name }: one yunzhenji page at most per page, besides a corp's mobile index the first time one of its accounts shows", async () => {
    const uncached = await startTestGraph({ sim: { seed: g.sim.dataset.seed } });
    try {
      const total = g.sim.dataset.accounts.length;
      const corpsSeen = new Set<number>();
      let after: string | null = null;
      for (let page = 1; (page - 1) * 20 < total; page++) {
        type Measured = { result: GraphResult; calls: SimStats };
        const [mine, theirs]: [Measured, Measured] = await Promise.all([g.measure(ACCOUNTS, { f: 20, a: after }), uncached.measure(ACCOUNTS, { f: 20, a: after })]);
        expect(mine.result).toEqual(theirs.result);
        const accounts = g.sim.dataset.accounts.slice((page - 1) * 20, page * 20);
        const newCorp = accounts.some((a) => mappedCorps(g.sim.dataset).some((c) => c.yzjCorpId === a.yzjCorpId) && !corpsSeen.has(a.yzjCorpId));
        accounts.forEach((a) => corpsSeen.add(a.yzjCorpId));
        // yunzhenji pages hold 100 accounts: a page of 20 starting a new one costs that one call.
        const opensVendorPage = ((page - 1) * 20) % 100 === 0;
        const calls = dataCalls(mine.calls);
        if (page === 1) expect(calls).toEqual(dataCalls(theirs.calls));
        else if (newCorp) expect({ ...calls, directory: calls.directory > 0 }).toEqual({ yunzhenji: opensVendorPage ? 1 : 0, shiheng: 0, yunzhong: 1, directory: true });
        else expect(calls).toEqual({ yunzhenji: opensVendorPage ? 1 : 0, shiheng: 0, yunzhong: 0, directory: 0 });
        // Without the cache every page pays for the whole join again.
        expect(dataCalls(theirs.calls).shiheng).toBe(Math.ceil(g.sim.dataset.employees.filter((e) => e.inShiheng).length / 50));
        after = mine.result.data.accounts.pageInfo.endCursor;
      }
      // Paging again: everything is held.
      const again = await g.measure(ACCOUNTS, { f: 100, a: null });
      expect(dataCalls(again.calls)).toEqual({ yunzhenji: 0, shiheng: 0, yunzhong: 0, directory: 0 });
    } finally {
      await uncached.close();
    }
  });

  it("paging a corp's accounts with employee { name }: after the first page, no vendor call", async () => {
    const q = `query($c: String!, $a: String) { corp(corpId: $c) { accounts(first: 10, after: $a) { pageInfo { endCursor hasNextPage } edges { node { wxid employee { name } } } } } }`;
    const c = mappedCorps(g.sim.dataset)[1]!;
    let after: string | null = null;
    const wxids: string[] = [];
    for (let page = 1; ; page++) {
      const { result, calls }: { result: GraphResult; calls: SimStats } = await g.measure(q, { c: c.corpId, a: after });
      expect(result.errors).toBeUndefined();
      if (page === 1) expect(dataCalls(calls).directory).toBeGreaterThan(0);
      else expect(dataCalls(calls)).toEqual({ yunzhenji: 0, shiheng: 0, yunzhong: 0, directory: 0 });
      wxids.push(...result.data.corp.accounts.edges.map((e: any) => e.node.wxid));
      if (!result.data.corp.accounts.pageInfo.hasNextPage) break;
      after = result.data.corp.accounts.pageInfo.endCursor;
    }
    expect(wxids).toEqual(g.sim.dataset.accounts.filter((a) => a.yzjCorpId === c.yzjCorpId).map((a) => a.wxid));
  });

  it("paging a corp's employees walks shiheng once, not per page", async () => {
    const inShiheng = g.sim.dataset.employees.filter((e) => e.inShiheng).length;
    const listed = g.sim.dataset.employees.filter((e) => e.inShiheng && e.corpId === corp().corpId);
    const q = `query($c: String!, $a: String) { corp(corpId: $c) { employees(first: 30, after: $a) { pageInfo { endCursor hasNextPage } edges { node { userId name } } } } }`;
    const names: string[] = [];
    let after: string | null = null;
    for (let page = 1; ; page++) {
      const { result, calls }: { result: GraphResult; calls: SimStats } = await g.measure(q, { c: corp().corpId, a: after });
      expect(result.errors).toBeUndefined();
      expect(dataCalls(calls)).toEqual({ yunzhenji: 0, shiheng: page === 1 ? Math.ceil(inShiheng / 50) : 0, yunzhong: 0, directory: 0 });
      names.push(...result.data.corp.employees.edges.map((e: any) => e.node.userId));
      if (!result.data.corp.employees.pageInfo.hasNextPage) break;
      after = result.data.corp.employees.pageInfo.endCursor;
    }
    expect(names).toEqual(listed.map((e) => e.userId));
  });

  it("50 customers with their owner's directory profile: the second request makes no vendor call", async () => {
    const q = `query($c: String!) { corp(corpId: $c) { customers(first: 50) { edges { node { id name remark addedAt tags { name } owner { name mobile position departmentIds } } } } } }`;
    const rows = rowsOfCorp(g.sim.dataset, corp().corpId).slice(0, 50);
    const owners = new Set(rows.map((r) => r.ownerUserId.toLowerCase())).size;
    const first = await g.measure(q, { c: corp().corpId });
    expect(first.result.errors).toBeUndefined();
    expect(dataCalls(first.calls)).toEqual({ yunzhenji: 0, shiheng: 0, yunzhong: Math.ceil(50 / 15), directory: owners });
    const second = await g.measure(q, { c: corp().corpId });
    expect(second.result).toEqual(first.result);
    expect(dataCalls(second.calls)).toEqual({ yunzhenji: 0, shiheng: 0, yunzhong: 0, directory: 0 });
  });
});

describe("stale answers", () => {
  const q = `{ accounts(first: 5) { totalCount edges { node { wxid } } } }`;

  it("after the TTL a stale answer is served at once with extensions.stale while exactly one refresh runs", async () => {
    events.length = 0;
    const fresh = await g.query(q);
    expect(fresh.extensions).toBeUndefined();
    offset += 31_000;
    const before = dataCalls(g.sim.stats()).yunzhenji;
    const stale = await Promise.all(Array.from({ length: 10 }, () => g.query<any>(q)));
    for (const r of stale) expect(r).toEqual({ data: fresh.data, extensions: { stale: [{ vendor: "yunzhenji", ageSeconds: 31 }] } });
    await cache.idle();
    expect(dataCalls(g.sim.stats()).yunzhenji - before).toBe(1);
    const again = await g.measure(q);
    expect(again.result).toEqual({ data: fresh.data });
    expect(dataCalls(again.calls).yunzhenji).toBe(0);
    expect(events).toEqual(["yunzhenji:miss", ...Array(10).fill("yunzhenji:stale"), "yunzhenji:hit"]);
  });

  it("with the vendor down, the cached answer is served stale, with its age, until the stale window ends", async () => {
    const fresh = await g.query(q);
    g.sim.setKnobs({ yunzhenji: { forceError: "http500" } });
    offset += 45_000;
    const before = dataCalls(g.sim.stats()).yunzhenji;
    const stale = await g.query(q);
    expect(stale).toEqual({ data: fresh.data, extensions: { stale: [{ vendor: "yunzhenji", ageSeconds: 45 }] } });
    await cache.idle();
    // The one refresh tried, with its retries (max 2), and failed; the stale answer stayed.
    expect(dataCalls(g.sim.stats()).yunzhenji - before).toBe(3);
    offset += (STALE - 30) * 1000;
    const later = await g.query(q);
    expect(later.data).toEqual(fresh.data);
    expect(later.extensions).toEqual({ stale: [{ vendor: "yunzhenji", ageSeconds: 45 + STALE - 30 }] });
    await cache.idle();
    offset += 30_000; // 30 + 600 s old: gone
    const gone = await g.query(q);
    expect(gone.data).toEqual({ accounts: null });
    expect(gone.errors).toMatchObject([{ extensions: { code: "UPSTREAM_ERROR", vendor: "yunzhenji" } }]);
    expect(gone.extensions).toBeUndefined();
  });

  it("an index built from stale answers says so: employees past shiheng's TTL name shiheng, and one walk rebuilds it", async () => {
    const q2 = `query($c: String!) { corp(corpId: $c) { employees(first: 3) { totalCount edges { node { name } } } } }`;
    const fresh = await g.query(q2, { c: corp().corpId });
    offset += 301_000;
    const before = dataCalls(g.sim.stats()).shiheng;
    const stale = await g.query(q2, { c: corp().corpId });
    expect(stale).toEqual({ data: fresh.data, extensions: { stale: [{ vendor: "shiheng", ageSeconds: 301 }] } });
    await cache.idle();
    const inShiheng = g.sim.dataset.employees.filter((e) => e.inShiheng).length;
    expect(dataCalls(g.sim.stats()).shiheng - before).toBe(Math.ceil(inShiheng / 50));
    expect(await g.query(q2, { c: corp().corpId })).toEqual({ data: fresh.data });
  });
});

describe("stale indexes with a vendor down", () => {
  it("shiheng down past its TTL: the employee list is served from the kept index, stale, and the failed rebuild leaves it", async () => {
    const q = `query($c: String!) { corp(corpId: $c) { employees(first: 5) { totalCount edges { node { userId name } } } } }`;
    const fresh = await g.query(q, { c: corp().corpId });
    expect(fresh.errors).toBeUndefined();
    g.sim.setKnobs({ shiheng: { forceError: "http500" } });
    offset += 400_000;
    const stale = await g.query(q, { c: corp().corpId });
    expect(stale).toEqual({ data: fresh.data, extensions: { stale: [{ vendor: "shiheng", ageSeconds: 400 }] } });
    await cache.idle();
    expect(await g.query(q, { c: corp().corpId })).toEqual({ data: fresh.data, extensions: { stale: [{ vendor: "shiheng", ageSeconds: 400 }] } });
    await cache.idle();
    offset += 600_000; // 1000 s: past 300 + 600
    const gone = await g.query(q, { c: corp().corpId });
    expect(gone.data).toEqual({ corp: { employees: null } });
    expect(gone.errors).toMatchObject([{ extensions: { code: "UPSTREAM_ERROR", vendor: "shiheng" } }]);
  });
});

describe("cache off", () => {
  it("is the default: every request asks the vendors, and no response carries extensions.stale", async () => {
    const off = await startTestGraph({ sim: { size: "small" } });
    try {
      const q = `{ accounts(first: 5) { totalCount } }`;
      const first = await off.measure(q);
      const second = await off.measure(q);
      expect(dataCalls(second.calls)).toEqual(dataCalls(first.calls));
      expect(dataCalls(second.calls).yunzhenji).toBe(1);
      expect(second.result.extensions).toBeUndefined();
    } finally {
      await off.close();
    }
  });

  it("what listTtlSeconds: 30 did, ttlSeconds { yunzhenji: 30, shiheng: 30 } does: walks shared until the TTL passes", async () => {
    let shift = 0;
    const own: Clock = { now: () => Date.now() + shift, sleep: (ms) => new Promise((r) => setTimeout(r, ms)) };
    const migrated = await startTestGraph({ sim: { size: "small", clock: own }, config: (c) => ({ ...c, cache: { ttlSeconds: { yunzhenji: 30, shiheng: 30 } } }), deps: { clock: own } });
    try {
      const q = `query($c: String!) { corp(corpId: $c) { accounts { totalCount } employees { totalCount } } }`;
      const c = mappedCorps(migrated.sim.dataset)[0]!.corpId;
      const first = await migrated.measure(q, { c });
      expect(first.result.errors).toBeUndefined();
      expect(dataCalls(first.calls)).toEqual({ yunzhenji: Math.ceil(migrated.sim.dataset.accounts.length / 100), shiheng: Math.ceil(migrated.sim.dataset.employees.filter((e) => e.inShiheng).length / 50), yunzhong: 0, directory: 0 });
      shift += 29_000;
      const second = await migrated.measure(q, { c });
      expect(second.result).toEqual(first.result);
      expect(dataCalls(second.calls)).toEqual({ yunzhenji: 0, shiheng: 0, yunzhong: 0, directory: 0 });
      shift += 2_000;
      const third = await migrated.measure(q, { c });
      expect(third.result).toEqual(first.result);
      expect(dataCalls(third.calls)).toEqual(dataCalls(first.calls));
    } finally {
      await migrated.close();
    }
  });

  it("per vendor: a vendor with TTL 0 is asked every time while the others are cached", async () => {
    const partial = await startTestGraph({ sim: { size: "small" }, config: (c) => ({ ...c, cache: { ttlSeconds: { shiheng: 300 } } }) });
    try {
      const q = `query($c: String!) { corp(corpId: $c) { accounts { totalCount } employees { totalCount } } }`;
      const c = mappedCorps(partial.sim.dataset)[0]!.corpId;
      await partial.measure(q, { c });
      const second = await partial.measure(q, { c });
      expect(dataCalls(second.calls)).toEqual({ yunzhenji: 1, shiheng: 0, yunzhong: 0, directory: 0 });
    } finally {
      await partial.close();
    }
  });
});
