// Corp.customerStats: exact counts from the dataset for several filters, from one walk of the
// filtered list shared with a `customers` connection of the same filter, null with one error when
// yunzhong fails.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { dataCalls, startTestGraph, type TestGraph } from "../helpers/graph.js";
import { iso, mappedCorps, rowsOfCorp } from "../helpers/expectedGraph.js";
import { expectedStats, rowsWithOwnerStatus } from "../helpers/expectedWorkflows.js";

let g: TestGraph;
beforeAll(async () => {
  g = await startTestGraph();
});
afterEach(() => {
  g.sim.setKnobs({ yunzhong: { forceError: null } });
});
afterAll(() => g.close());

const perPage = () => g.sim.knobs().yunzhong.perPage;

const STATS = `total normal lost byAddWay { addWay count } byTag { tag { id name } count } byOwner(first: $owners) { owner { userId } count }`;
const Q = `query($c: String!, $f: CustomerFilter, $owners: Int) { corp(corpId: $c) { customerStats(filter: $f) { ${STATS} } } }`;

const lowerOwners = (stats: any) => ({ ...stats, byOwner: stats.byOwner.map((o: any) => ({ ...o, owner: { userId: o.owner.userId.toLowerCase() } })) });

describe("Corp.customerStats", () => {
  it("equals the dataset's counts for several filters", async () => {
    const d = g.sim.dataset;
    const corp = mappedCorps(d)[0]!;
    const rows = rowsOfCorp(d, corp.corpId);
    const tags = d.tags.filter((t) => t.corpId === corp.corpId);
    const two = [tags[1]!.tagId, tags[4]!.tagId];
    const t = rows[40]!.createtime;
    const cases: [object | null, typeof rows][] = [
      [null, rows],
      [{ status: "LOST" }, rows.filter((r) => r.status === -1)],
      [{ ownerStatus: ["LEFT", "DISABLED"] }, rowsWithOwnerStatus(d, corp.corpId, ["LEFT", "DISABLED"])],
      [{ tagIds: two }, rows.filter((r) => r.tagIds.some((id) => two.includes(id)))],
      [{ addWay: "UNKNOWN", status: "NORMAL" }, rows.filter((r) => [0, 19, 99].includes(r.addWay) && r.status === 1)],
      [{ addedAfter: iso(t) }, rows.filter((r) => r.createtime >= t)],
      [{ ownerUserId: rows[0]!.ownerUserId }, rows.filter((r) => r.ownerUserId === rows[0]!.ownerUserId)],
    ];
    for (const [filter, selected] of cases) {
      expect(selected.length).toBeGreaterThan(0);
      const res = await g.query(Q, { c: corp.corpId, f: filter, owners: 100 });
      expect(res.errors).toBeUndefined();
      const expected = expectedStats(d, selected);
      expect(lowerOwners(res.data.corp.customerStats)).toEqual({ ...expected, byOwner: expected.byOwner.map((o) => ({ ...o, owner: { userId: o.owner.userId.toLowerCase() } })) });
    }
  });

  it("shows a tag deleted from the catalogue by the name its rows give, and counts every add way and tag once per row", async () => {
    const d = g.sim.dataset;
    const corp = mappedCorps(d)[1]!;
    const res = await g.query(Q, { c: corp.corpId, owners: 0 });
    const stats = res.data.corp.customerStats;
    expect(stats.byOwner).toEqual([]);
    expect(stats.byAddWay.reduce((sum: number, w: any) => sum + w.count, 0)).toBe(stats.total);
    expect(stats.normal + stats.lost).toBe(stats.total);
    const deleted = stats.byTag.filter((t: any) => t.tag.name === "已删除标签");
    expect(deleted.length).toBeGreaterThan(0);
    const catalogued = new Set(d.tags.filter((t) => t.corpId === corp.corpId).map((t) => t.tagId));
    for (const t of deleted) expect(catalogued.has(t.tag.id)).toBe(false);
  });

  it("byOwner lists ten owners by default, most customers first", async () => {
    const d = g.sim.dataset;
    const corp = mappedCorps(d)[2]!;
    const expected = expectedStats(d, rowsOfCorp(d, corp.corpId)).byOwner.slice(0, 10);
    const res = await g.query(`query($c: String!) { corp(corpId: $c) { customerStats { byOwner { owner { userId } count } } } }`, { c: corp.corpId });
    expect(res.data.corp.customerStats.byOwner.map((o: any) => [o.owner.userId.toLowerCase(), o.count])).toEqual(expected.map((o) => [o.owner.userId.toLowerCase(), o.count]));
  });

  it("reads the filtered list once per request, shared with a customers connection of the same filter", async () => {
    const d = g.sim.dataset;
    const corp = mappedCorps(d)[0]!;
    const filter = { status: "NORMAL" };
    const normal = rowsOfCorp(d, corp.corpId).filter((r) => r.status === 1).length;
    const pages = Math.ceil(normal / perPage());
    const alone = await g.measure(Q, { c: corp.corpId, f: filter, owners: 3 });
    expect(dataCalls(alone.calls)).toEqual({ yunzhenji: 0, shiheng: 0, yunzhong: pages, directory: 0 });
    const both = await g.measure(
      `query($c: String!, $f: CustomerFilter, $owners: Int) { corp(corpId: $c) {
        customers(filter: $f, first: 40) { totalCount edges { node { externalUserId } } }
        customerStats(filter: $f) { ${STATS} }
        again: customerStats(filter: $f) { total } } }`,
      { c: corp.corpId, f: filter, owners: 3 },
    );
    expect(both.result.errors).toBeUndefined();
    expect(both.result.data.corp.customers.totalCount).toBe(both.result.data.corp.customerStats.total);
    expect(both.result.data.corp.again.total).toBe(normal);
    expect(dataCalls(both.calls)).toEqual(dataCalls(alone.calls));
    // Several tags: one walk per tag, whoever asks.
    const tags = d.tags.filter((t) => t.corpId === corp.corpId).slice(0, 2).map((t) => t.tagId);
    const statsOnly = await g.measure(Q, { c: corp.corpId, f: { tagIds: tags }, owners: 3 });
    const withList = await g.measure(
      `query($c: String!, $f: CustomerFilter) { corp(corpId: $c) { customers(filter: $f, first: 100) { totalCount } customerStats(filter: $f) { total } } }`,
      { c: corp.corpId, f: { tagIds: tags } },
    );
    expect(dataCalls(withList.calls)).toEqual(dataCalls(statsOnly.calls));
  });

  it("a filter nothing can match counts zero without a call", async () => {
    const corp = mappedCorps(g.sim.dataset)[0]!;
    const { result, calls } = await g.measure(Q, { c: corp.corpId, f: { tagIds: [] }, owners: 5 });
    expect(result.data.corp.customerStats).toEqual({ total: 0, normal: 0, lost: 0, byAddWay: [], byTag: [], byOwner: [] });
    expect(dataCalls(calls)).toEqual({ yunzhenji: 0, shiheng: 0, yunzhong: 0, directory: 0 });
  });

  it("byOwner(first:) outside 0..100 is BAD_USER_INPUT naming it", async () => {
    const corp = mappedCorps(g.sim.dataset)[0]!;
    for (const owners of [-1, 101]) {
      const res = await g.query(Q, { c: corp.corpId, owners });
      expect(res.data.corp.customerStats).toBeNull();
      expect(res.errors).toHaveLength(1);
      expect(res.errors![0]!.extensions!.code).toBe("BAD_USER_INPUT");
      expect(res.errors![0]!.message).toBe(`byOwner first must be between 0 and 100, got ${owners}`);
    }
  });

  it("yunzhong failing: null with one error, never zeros; the same for the connection beside it", async () => {
    const corp = mappedCorps(g.sim.dataset)[0]!;
    g.sim.setKnobs({ yunzhong: { forceError: "http500" } });
    const res = await g.query(
      `query($c: String!) { corp(corpId: $c) { corpId customers(first: 5) { totalCount } customerStats { total } ownerStats: customerStats(filter: { ownerStatus: [LEFT] }) { total } } }`,
      { c: corp.corpId },
    );
    expect(res.data).toEqual({ corp: { corpId: corp.corpId, customers: null, customerStats: null, ownerStats: null } });
    expect(res.errors).toHaveLength(1);
    expect(res.errors![0]!.extensions).toMatchObject({ code: "UPSTREAM_ERROR", vendor: "yunzhong", endpoint: "getList" });
  });
});
