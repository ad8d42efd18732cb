// Source planning (src/loaders/sourcePlan.ts): the decision per batch, and the cost model
// that decides it, over counted fake sources.
import { describe, expect, it } from "vitest";
import { cacheSettings } from "../../src/cache/CacheSettings.js";
import { GraphCache } from "../../src/cache/GraphCache.js";
import type { Page, ShihengEmployee } from "../../src/domain/types.js";
import { Loaders } from "../../src/loaders/createLoaders.js";
import { employeeField, employeeRef, shihengWalkCost, SourceCosts, walkShihengFor } from "../../src/loaders/sourcePlan.js";
import type { Sources } from "../../src/vendors/Sources.js";

describe("the decision per batch: walk shiheng or ask the directory", () => {
  it("asks the directory for fewer employees than a walk costs, walks for more", () => {
    expect(walkShihengFor(2, 6, true)).toBe(false);
    expect(walkShihengFor(6, 6, true)).toBe(false);
    expect(walkShihengFor(7, 6, true)).toBe(true);
    expect(walkShihengFor(4, 2, true)).toBe(true);
  });

  it("walks when the walk is free (walked this request, or cached), or when there is no directory to ask", () => {
    expect(walkShihengFor(1, 0, true)).toBe(true);
    expect(walkShihengFor(1, 100, false)).toBe(true);
    expect(walkShihengFor(1, null, false)).toBe(true);
  });

  it("without a cost seen yet, a handful go to the directory and more walk", () => {
    expect(walkShihengFor(3, null, true)).toBe(false);
    expect(walkShihengFor(4, null, true)).toBe(true);
  });
});

/** shiheng with five employees a..e of ww1 on `pages` pages, and a directory; both count their calls. */
function fakeSources(pages = 2) {
  const rows: ShihengEmployee[] = ["a", "b", "c", "d", "e"].map((u, i) => ({ shihengId: i, corpId: "ww1", followUser: true, facts: { source: "shiheng", userId: u, name: u.toUpperCase(), mobile: `1380013800${i}`, mobileKey: `1380013800${i}` } }));
  const per = Math.ceil(rows.length / pages);
  const calls = { shiheng: 0, directory: 0 };
  const sources: Sources = {
    shiheng: {
      listEmployeesPage: async ({ pageNum }): Promise<Page<ShihengEmployee>> => {
        calls.shiheng++;
        return { rows: rows.slice((pageNum - 1) * per, pageNum * per), page: pageNum, pageSize: per, total: rows.length, totalPages: pages };
      },
    },
    directory: {
      getUser: async ({ corpId, userId }) => {
        calls.directory++;
        return { corpId, facts: { source: "directory", userId, name: `dir-${userId}`, mobile: "13900139000", mobileKey: "13900139000" }, alias: null, telephone: null, bizMail: null, address: null, mainDepartment: null, directLeaders: [], openUserId: null };
      },
    },
  };
  return { sources, calls };
}

// Employees known only by name (a yunzhong catalogue entry): their mobile must come from elsewhere.
const byName = (...users: string[]) => users.map((u) => employeeRef("ww1", u, { source: "yunzhong", userId: u, name: u }));

describe("the cost model", () => {
  it("learns a walk's cost from the walk, and the next request decides with it", async () => {
    const { sources, calls } = fakeSources(2);
    const costs = new SourceCosts();
    const first = new Loaders(sources, { costs });
    expect(shihengWalkCost(first)).toBeNull();
    // Four employees, no cost known: the walk is the better bet; answered by case-insensitive userid.
    const refs = byName("A", "b", "c", "zz");
    expect(await Promise.all(refs.map((r) => employeeField(first, r, "mobile")))).toEqual(["13800138000", "13800138001", "13800138002", "13900139000"]);
    expect(calls).toEqual({ shiheng: 2, directory: 1 });
    expect(costs.lastShihengWalk).toBe(2);
    expect(shihengWalkCost(first)).toBe(0); // walked this request: free from now on

    // Next request: two employees against a walk of 2 pages: the directory, one call each.
    const second = new Loaders(sources, { costs });
    expect(shihengWalkCost(second)).toBe(2);
    await Promise.all(byName("a", "b").map((r) => employeeField(second, r, "mobile")));
    expect(calls).toEqual({ shiheng: 2, directory: 3 });
    // Three: the walk.
    const third = new Loaders(sources, { costs });
    await Promise.all(byName("a", "b", "c").map((r) => employeeField(third, r, "mobile")));
    expect(calls).toEqual({ shiheng: 4, directory: 3 });
  });

  it("a walk the cache holds is free: one employee is answered from shiheng, not with a getUser", async () => {
    const { sources, calls } = fakeSources(2);
    const cache = new GraphCache(cacheSettings({ ttlSeconds: { yunzhenji: 0, shiheng: 300, yunzhong: 0, directory: 0 }, staleSeconds: 0, maxEntries: 100 }));
    const served = cache.wrap(sources);
    const costs = new SourceCosts();
    const options = { costs, derived: cache.derived };
    await new Loaders(served, options).employees();
    expect(calls).toEqual({ shiheng: 2, directory: 0 });

    const next = new Loaders(served, options);
    expect(shihengWalkCost(next)).toBe(0);
    expect(await employeeField(next, byName("d")[0]!, "mobile")).toBe("13800138003");
    expect(calls).toEqual({ shiheng: 2, directory: 0 });

    // Without the cache the same question is one getUser.
    const uncached = new Loaders(sources, { costs });
    expect(shihengWalkCost(uncached)).toBe(2);
    expect(await employeeField(uncached, byName("d")[0]!, "mobile")).toBe("13900139000");
    expect(calls).toEqual({ shiheng: 2, directory: 1 });
  });

  it("with no directory configured, shiheng is walked for any batch", async () => {
    const { sources, calls } = fakeSources(2);
    const { directory: _off, ...noDirectory } = sources;
    const loaders = new Loaders(noDirectory, { costs: new SourceCosts() });
    expect(await employeeField(loaders, byName("e")[0]!, "mobile")).toBe("13800138004");
    expect(calls).toEqual({ shiheng: 2, directory: 0 });
  });
});
