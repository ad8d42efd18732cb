// What each join costs upstream, read from the simulators' counters: the numbers that make this
// gateway cheaper than wiring the APIs one field at a time.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FetchLike } from "../../src/core/FetchLike.js";
import { defaultFetch } from "../../src/vendors/http/defaultFetch.js";
import { dataCalls, startTestGraph, type TestGraph } from "../helpers/graph.js";
import { mappedCorps, rowsOfCorp } from "../helpers/expectedGraph.js";

let g: TestGraph;
let inFlight = 0;
let maxDirectoryInFlight = 0;
// Counts directory requests in flight, to prove the bounded concurrency of getUser.
const countingFetch: FetchLike = async (url, init) => {
  const directory = url.includes("/directory/");
  if (directory) maxDirectoryInFlight = Math.max(maxDirectoryInFlight, ++inFlight);
  try {
    return await defaultFetch(url, init);
  } finally {
    if (directory) inFlight--;
  }
};

beforeAll(async () => {
  g = await startTestGraph({ deps: { fetch: countingFetch } });
  // Warm the yunzhenji token so later counts show data calls only.
  await g.query("{ accounts(first: 1) { totalCount } }");
});
afterAll(() => g.close());

const corp = () => mappedCorps(g.sim.dataset)[0]!;
// A corp whose newest 50 rows all embed their owner (yunzhong sends has_one_employee null on ~1%).
const embeddingCorp = () => mappedCorps(g.sim.dataset).find((c) => rowsOfCorp(g.sim.dataset, c.corpId).slice(0, 50).every((r) => r.embedsEmployee))!;
const vendorPages = (n: number) => Math.ceil(n / 15);

describe("upstream cost of joins", () => {
  it("a page of 50 customers with owner { name mobile } costs only the yunzhong pages", async () => {
    const rows = rowsOfCorp(g.sim.dataset, embeddingCorp().corpId).slice(0, 50);
    expect(rows.every((r) => r.embedsEmployee)).toBe(true);
    const { result, calls } = await g.measure(`query($c: String!) { corp(corpId: $c) { customers(first: 50) { edges { node { name owner { name mobile } } } } } }`, { c: embeddingCorp().corpId });
    expect(result.errors).toBeUndefined();
    expect(result.data.corp.customers.edges).toHaveLength(50);
    const owners = result.data.corp.customers.edges.map((e: any) => e.node.owner);
    expect(owners).toEqual(rows.map((r) => {
      const e = g.sim.dataset.employees.find((x) => x.corpId === r.corpId && x.userId === r.ownerUserId)!;
      return { name: e.name, mobile: e.mobile };
    }));
    expect(dataCalls(calls)).toEqual({ yunzhenji: 0, shiheng: 0, yunzhong: vendorPages(50), directory: 0 });
  });

  it("adding owner { wecomAccounts { online } } adds one yunzhenji list walk, not a call per row", async () => {
    const { result, calls } = await g.measure(`query($c: String!) { corp(corpId: $c) { customers(first: 50) { edges { node { owner { name wecomAccounts { online } } } } } } }`, { c: embeddingCorp().corpId });
    expect(result.errors).toBeUndefined();
    expect(dataCalls(calls)).toEqual({ yunzhenji: Math.ceil(g.sim.dataset.accounts.length / 100), shiheng: 0, yunzhong: vendorPages(50), directory: 0 });
  });

  it("aliased and repeated selections cost the same as one", async () => {
    const single = await g.measure(`query($c: String!) { corp(corpId: $c) { customers(first: 50) { edges { node { owner { name wecomAccounts { online } } } } } } }`, { c: corp().corpId });
    const aliased = await g.measure(
      `query($c: String!) {
        a: corp(corpId: $c) { x: customers(first: 50) { edges { node { owner { name wecomAccounts { online } } } } } y: customers(first: 50) { totalCount } tags { id } }
        b: corp(corpId: $c) { customers(first: 50) { edges { node { owner { n: name wecomAccounts { wxid } } addedBy { name } } } } } }`,
      { c: corp().corpId },
    );
    expect(aliased.result.errors).toBeUndefined();
    expect(dataCalls(aliased.calls).yunzhong).toBe(dataCalls(single.calls).yunzhong);
    expect(dataCalls(aliased.calls).yunzhenji).toBe(dataCalls(single.calls).yunzhenji);
  });

  it("the shiheng list is walked once per request for every corp's employees", async () => {
    const { result, calls } = await g.measure(`{ corps { employees(first: 100) { totalCount edges { node { name status } } } } }`);
    expect(result.errors).toBeUndefined();
    const inShiheng = g.sim.dataset.employees.filter((e) => e.inShiheng).length;
    // Status filter aside, shiheng answers name and status; only employees whose shiheng status is
    // undefined (0, 6) cost a directory call each.
    const undefinedStatus = g.sim.dataset.employees.filter((e) => e.inShiheng && ![1, 2, 4, 5].includes(e.shihengStatus)).length;
    expect(dataCalls(calls)).toEqual({ yunzhenji: 0, shiheng: Math.ceil(inShiheng / 50), yunzhong: 0, directory: undefinedStatus });
  });

  it("directory getUser is called only for fields only it has, deduped, a few at a time", async () => {
    maxDirectoryInFlight = 0;
    const { result, calls } = await g.measure(`query($c: String!) { corp(corpId: $c) { employees(first: 60) { edges { node { name position departmentIds again: position } } } } }`, { c: corp().corpId });
    expect(result.errors).toBeUndefined();
    expect(dataCalls(calls).directory).toBe(60);
    expect(maxDirectoryInFlight).toBeGreaterThan(1);
    expect(maxDirectoryInFlight).toBeLessThanOrEqual(8);
  });

  it("a root employee lookup with its accounts and customers: one directory call, one yunzhenji walk, the yunzhong pages", async () => {
    const row = rowsOfCorp(g.sim.dataset, corp().corpId)[0]!;
    const owned = rowsOfCorp(g.sim.dataset, corp().corpId).filter((r) => r.ownerUserId === row.ownerUserId).length;
    const { result, calls } = await g.measure(
      `query($c: String!, $u: String!) { employee(corpId: $c, userId: $u) { name email departmentIds wecomAccounts { wxid } customers(first: 20) { totalCount edges { node { name } } } } }`,
      { c: corp().corpId, u: row.ownerUserId },
    );
    expect(result.errors).toBeUndefined();
    expect(result.data.employee.customers.totalCount).toBe(owned);
    expect(dataCalls(calls)).toEqual({ yunzhenji: Math.ceil(g.sim.dataset.accounts.length / 100), shiheng: 0, yunzhong: vendorPages(Math.min(20, owned)), directory: 1 });
  });
});

describe("source planning for employee facts", () => {
  it("an owner that yunzhong did not embed costs one getUser, not a walk of shiheng's list", async () => {
    const row = g.sim.dataset.customerRows.find((r) => !r.embedsEmployee)!;
    const e = g.sim.dataset.employees.find((x) => x.corpId === row.corpId && x.userId === row.ownerUserId)!;
    const { result, calls } = await g.measure(
      `query($c: String!, $f: CustomerFilter) { corp(corpId: $c) { customers(filter: $f) { edges { node { externalUserId owner { name mobile } } } } } }`,
      { c: row.corpId, f: { search: row.externalUserId, ownerUserId: row.ownerUserId } },
    );
    expect(result.errors).toBeUndefined();
    expect(result.data.corp.customers.edges).toEqual([{ node: { externalUserId: row.externalUserId, owner: { name: e.name, mobile: e.mobile } } }]);
    expect(dataCalls(calls)).toEqual({ yunzhenji: 0, shiheng: 0, yunzhong: 1, directory: 1 });
  });
});
