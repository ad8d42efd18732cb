// CustomerFilter.ownerStatus: exactly the rows whose owner has one of the statuses, in yunzhong's
// order, paged to the end; read per matching owner (employee_member) when few owners match and by
// one walk of the corp's list when most do, each at the cost its plan promises.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chooseRoute } from "../../src/loaders/sourcePlan.js";
import { dataCalls, pageAll, startTestGraph, type TestGraph } from "../helpers/graph.js";
import { mappedCorps, rowsOfCorp } from "../helpers/expectedGraph.js";
import { ownedRows, ownerPlan, rowsWithOwnerStatus, statusOf, walkCalls } from "../helpers/expectedWorkflows.js";

let g: TestGraph;
beforeAll(async () => {
  g = await startTestGraph();
});
afterAll(() => g.close());

const perPage = () => g.sim.knobs().yunzhong.perPage;

const PAGE = `query($c: String!, $first: Int, $after: String, $filter: CustomerFilter) { corp(corpId: $c) { customers(first: $first, after: $after, filter: $filter) {
  totalCount pageInfo { hasNextPage endCursor } edges { node { externalUserId owner { userId status } } } } } }`;

const allRows = (corpId: string, filter: object, first = 100) => pageAll(g, PAGE, { c: corpId, first, filter }, (data) => data.corp.customers);

const keys = (nodes: any[]) => nodes.map((n) => `${n.owner.userId.toLowerCase()}/${n.externalUserId}`);
const keysOf = (rows: { ownerUserId: string; externalUserId: string }[]) => rows.map((r) => `${r.ownerUserId.toLowerCase()}/${r.externalUserId}`);

describe("CustomerFilter.ownerStatus on Corp.customers", () => {
  it("[LEFT, DISABLED]: the dataset's rows in every corp, paged to the end, read per departed owner", async () => {
    const d = g.sim.dataset;
    for (const corp of mappedCorps(d)) {
      const expected = rowsWithOwnerStatus(d, corp.corpId, ["LEFT", "DISABLED"]);
      expect(expected.length).toBeGreaterThan(100);
      const { nodes, total, costs } = await allRows(corp.corpId, { ownerStatus: ["LEFT", "DISABLED"] }, 60);
      expect(total).toBe(expected.length);
      expect(keys(nodes)).toEqual(keysOf(expected));
      for (const n of nodes) expect(["LEFT", "DISABLED"]).toContain(n.owner.status);
      // The plan: the catalogue page, page 1 of each owner no free source gives a status, then
      // each matching owner's own rows (their page 1 shared when it was already read).
      const { owners, unknown, askDirectory } = ownerPlan(d, corp, perPage());
      const matching = owners.filter((e) => e.status === 2 || e.status === 5);
      const ownerPages = matching.reduce((sum, e) => sum + Math.max(1, Math.ceil(ownedRows(d, e).length / perPage())), 0);
      const plan = { ...walkCalls(d), yunzhenji: 0, yunzhong: 1 + unknown.length + ownerPages - matching.filter((e) => unknown.includes(e)).length, directory: askDirectory.length };
      for (const cost of costs) expect(cost).toEqual(plan);
      expect(plan.yunzhong).toBeLessThan(Math.ceil(rowsOfCorp(d, corp.corpId).length / perPage()) / 3);
    }
  });

  it("[ACTIVE]: most owners match, so the corp's list is walked once instead of one search per owner", async () => {
    const d = g.sim.dataset;
    const corp = mappedCorps(d)[0]!;
    const expected = rowsWithOwnerStatus(d, corp.corpId, ["ACTIVE"]);
    const { nodes, total, costs } = await allRows(corp.corpId, { ownerStatus: ["ACTIVE"] });
    expect(total).toBe(expected.length);
    expect(keys(nodes)).toEqual(keysOf(expected));
    const { owners, unknown, askDirectory } = ownerPlan(d, corp, perPage());
    const corpPages = Math.ceil(rowsOfCorp(d, corp.corpId).length / perPage());
    // The catalogue page is the list's page 1; the owners without a free status cost a page each.
    const plan = { ...walkCalls(d), yunzhenji: 0, yunzhong: corpPages + unknown.length, directory: askDirectory.length };
    for (const cost of costs) expect(cost).toEqual(plan);
    // What per-owner searches would have cost instead.
    const active = owners.filter((e) => e.status === 1);
    const perOwner = active.reduce((sum, e) => sum + Math.max(1, Math.ceil(ownedRows(d, e).length / perPage())), 0);
    expect(perOwner).toBeGreaterThan(corpPages);
  });

  it("chooses by estimated pages: per owner while few owners match, the corp's list once most do", () => {
    // 67 owners of 1,666 rows, 15 a page: an owner's walk is expected to take 2.16 pages.
    expect(chooseRoute(6, 67, 1666, 15)).toBe("per-owner");
    expect(chooseRoute(51, 67, 1666, 15)).toBe("per-owner");
    expect(chooseRoute(52, 67, 1666, 15)).toBe("corp-list");
    // Owners of few rows still cost a page each.
    expect(chooseRoute(10, 100, 150, 15)).toBe("corp-list");
    expect(chooseRoute(0, 67, 1666, 15)).toBe("per-owner");
  });

  it("INACTIVE, every status, UNKNOWN and the empty list", async () => {
    const d = g.sim.dataset;
    const corp = mappedCorps(d)[1]!;
    const inactive = rowsWithOwnerStatus(d, corp.corpId, ["INACTIVE"]);
    expect(inactive.length).toBeGreaterThan(0);
    expect(keys((await allRows(corp.corpId, { ownerStatus: ["INACTIVE"] })).nodes)).toEqual(keysOf(inactive));
    const all = await g.query(PAGE, { c: corp.corpId, first: 0, filter: { ownerStatus: ["ACTIVE", "DISABLED", "INACTIVE", "LEFT", "UNKNOWN"] } });
    expect(all.data.corp.customers.totalCount).toBe(rowsOfCorp(d, corp.corpId).length);
    // Every owner's status is known in the dataset, so nobody's is UNKNOWN.
    const unknown = await g.query(PAGE, { c: corp.corpId, first: 5, filter: { ownerStatus: ["UNKNOWN"] } });
    expect(unknown.data.corp.customers).toMatchObject({ totalCount: 0, edges: [] });
    const none = await g.measure(PAGE, { c: corp.corpId, first: 5, filter: { ownerStatus: [] } });
    expect(none.result.data.corp.customers).toMatchObject({ totalCount: 0, edges: [] });
    expect(dataCalls(none.calls)).toEqual({ yunzhenji: 0, shiheng: 0, yunzhong: 0, directory: 0 });
  });

  it("combines with the other conditions, pushed down or applied here", async () => {
    const d = g.sim.dataset;
    const corp = mappedCorps(d)[2]!;
    const tags = d.tags.filter((t) => t.corpId === corp.corpId);
    const several = [tags[0]!.tagId, tags[3]!.tagId, tags[6]!.tagId];
    const departed = rowsWithOwnerStatus(d, corp.corpId, ["LEFT", "DISABLED"]);
    const cases: [object, (r: (typeof departed)[number]) => boolean, string[]][] = [
      [{ status: "NORMAL", tagIds: several }, (r) => r.status === 1 && r.tagIds.some((t) => several.includes(t)), ["LEFT", "DISABLED"]],
      [{ tagIds: [several[0]] }, (r) => r.tagIds.includes(several[0]!), ["LEFT", "DISABLED"]],
      [{ status: "LOST" }, (r) => r.status === -1, ["ACTIVE"]],
      [{ addWay: "UNKNOWN" }, (r) => r.addWay === 0 || r.addWay === 19 || r.addWay === 99, ["ACTIVE", "INACTIVE"]],
    ];
    for (const [extra, predicate, statuses] of cases) {
      const expected = rowsWithOwnerStatus(d, corp.corpId, statuses).filter(predicate);
      expect(expected.length).toBeGreaterThan(0);
      const { nodes, total } = await allRows(corp.corpId, { ...extra, ownerStatus: statuses });
      expect(total).toBe(expected.length);
      expect(keys(nodes)).toEqual(keysOf(expected));
    }
  });
});

describe("ownerStatus with one owner", () => {
  const statusQuery = `query($c: String!, $u: String!, $f: CustomerFilter) { employee(corpId: $c, userId: $u) { status customers(first: 10, filter: $f) { totalCount edges { node { externalUserId } } } } }`;

  it("Employee.customers: the owner's rows when their status is listed, none when it is not", async () => {
    const d = g.sim.dataset;
    const corp = mappedCorps(d)[0]!;
    const left = d.employees.find((e) => e.corpId === corp.corpId && e.status === 5 && ownedRows(d, e).length > 10)!;
    const rows = ownedRows(d, left);
    const match = await g.query(statusQuery, { c: corp.corpId, u: left.userId, f: { ownerStatus: ["LEFT"] } });
    expect(match.errors).toBeUndefined();
    expect(match.data.employee.status).toBe("LEFT");
    expect(match.data.employee.customers.totalCount).toBe(rows.length);
    expect(match.data.employee.customers.edges.map((e: any) => e.node.externalUserId)).toEqual(rows.slice(0, 10).map((r) => r.externalUserId));
    const miss = await g.query(statusQuery, { c: corp.corpId, u: left.userId, f: { ownerStatus: ["ACTIVE", "DISABLED"] } });
    expect(miss.data.employee.customers).toEqual({ totalCount: 0, edges: [] });
  });

  it("ownerUserId with ownerStatus costs the owner's first page, whose rows embed the status", async () => {
    const d = g.sim.dataset;
    const corp = mappedCorps(d)[1]!;
    const owner = d.employees.find((e) => e.corpId === corp.corpId && e.status === 2 && e.followUser && ownedRows(d, e).slice(0, perPage()).some((r) => r.embedsEmployee))!;
    const rows = ownedRows(d, owner);
    const q = `query($c: String!, $f: CustomerFilter) { corp(corpId: $c) { customers(first: 5, filter: $f) { totalCount edges { node { externalUserId } } } } }`;
    const match = await g.measure(q, { c: corp.corpId, f: { ownerUserId: owner.userId, ownerStatus: [statusOf(owner)] } });
    expect(match.result.data.corp.customers.totalCount).toBe(rows.length);
    expect(match.result.data.corp.customers.edges.map((e: any) => e.node.externalUserId)).toEqual(rows.slice(0, 5).map((r) => r.externalUserId));
    expect(dataCalls(match.calls)).toEqual({ yunzhenji: 0, shiheng: 0, yunzhong: 1, directory: 0 });
    const miss = await g.measure(q, { c: corp.corpId, f: { ownerUserId: owner.userId, ownerStatus: ["ACTIVE"] } });
    expect(miss.result.data.corp.customers).toEqual({ totalCount: 0, edges: [] });
    expect(dataCalls(miss.calls)).toEqual({ yunzhenji: 0, shiheng: 0, yunzhong: 1, directory: 0 });
  });
});

describe("ownerStatus when a source fails", () => {
  it("shiheng failing: the several-owner filter is null with one error; one owner's still answers from yunzhong", async () => {
    const d = g.sim.dataset;
    const corp = mappedCorps(d)[0]!;
    const owner = d.employees.find((e) => e.corpId === corp.corpId && e.status === 5 && e.followUser && ownedRows(d, e).slice(0, perPage()).some((r) => r.embedsEmployee))!;
    g.sim.setKnobs({ shiheng: { forceError: "500" } });
    try {
      const res = await g.query(
        `query($c: String!, $u: String!) { corp(corpId: $c) { corpId departed: customers(first: 0, filter: { ownerStatus: [LEFT] }) { totalCount }
          one: customers(first: 0, filter: { ownerStatus: [LEFT], ownerUserId: $u }) { totalCount } } }`,
        { c: corp.corpId, u: owner.userId },
      );
      expect(res.data).toEqual({ corp: { corpId: corp.corpId, departed: null, one: { totalCount: ownedRows(d, owner).length } } });
      expect(res.errors).toHaveLength(1);
      expect(res.errors![0]!.extensions).toMatchObject({ code: "UPSTREAM_ERROR", vendor: "shiheng" });
    } finally {
      g.sim.setKnobs({ shiheng: { forceError: null } });
    }
  });
});
