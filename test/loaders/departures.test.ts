// Corp.departures, the 离职继承 worklist: exactly the dataset's LEFT/DISABLED employees who still
// own customers or are still online on a cloud phone, most customers first, paged to the end, at
// the cost its plan promises (src/loaders/departures.ts).
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { encodeGlobalId } from "../../src/graph/globalId.js";
import { dataCalls, pageAll, startTestGraph, type GraphResult, type TestGraph, NO_FORCED_ERRORS } from "../helpers/graph.js";
import { mappedCorps } from "../helpers/expectedGraph.js";
import { expectedDepartureCalls, expectedDepartures, ownerPlan, statusOf, walkCalls } from "../helpers/expectedWorkflows.js";

let g: TestGraph;
beforeAll(async () => {
  g = await startTestGraph();
});
afterEach(() => {
  g.sim.setKnobs(NO_FORCED_ERRORS);
});
afterAll(() => g.close());

const perPage = () => g.sim.knobs().yunzhong.perPage;

const PAGE = `query($c: String!, $first: Int, $after: String) { corp(corpId: $c) { departures(first: $first, after: $after) {
  totalCount pageInfo { hasNextPage endCursor }
  edges { node { employee { userId name status } customers(first: 5) { totalCount edges { node { externalUserId } } } onlineAccounts { id wxid online } } } } } }`;

const allDepartures = (corpId: string, first: number) => pageAll(g, PAGE, { c: corpId, first }, (data) => data.corp.departures, 50);

const shape = (d: ReturnType<typeof expectedDepartures>[number]) => ({
  employee: { userId: d.employee.userId.toLowerCase(), name: d.employee.name, status: statusOf(d.employee) },
  customers: { totalCount: d.rows.length, edges: d.rows.slice(0, 5).map((r) => ({ node: { externalUserId: r.externalUserId } })) },
  onlineAccounts: d.accounts.map((a) => ({ id: encodeGlobalId("WeComAccount", [a.id]), wxid: a.wxid, online: true })),
});
const lower = (n: any) => ({ ...n, employee: { ...n.employee, userId: n.employee.userId.toLowerCase() } });

describe("Corp.departures", () => {
  it("is the dataset's worklist in every corp, paged to the end, each page at the plan's cost", async () => {
    for (const corp of mappedCorps(g.sim.dataset)) {
      const expected = expectedDepartures(g.sim.dataset, corp);
      expect(expected.length).toBeGreaterThan(3);
      const { nodes, total, costs } = await allDepartures(corp.corpId, 3);
      expect(total).toBe(expected.length);
      expect(nodes.map(lower)).toEqual(expected.map(shape));
      // Every page runs the same plan: the worklist's order needs every departed owner's count.
      const plan = expectedDepartureCalls(g.sim.dataset, corp, perPage());
      for (const cost of costs) expect(cost).toEqual(plan);
    }
  });

  it("covers the cases its plan must handle (the default dataset has each in its first corp)", () => {
    const d = g.sim.dataset;
    const corp = mappedCorps(d)[0]!;
    const list = expectedDepartures(d, corp);
    const { unknown } = ownerPlan(d, corp, perPage());
    // An owner shiheng does not list (found through yunzhong's catalogue and rows).
    expect(list.some((x) => !x.employee.inShiheng && x.rows.length > 0)).toBe(true);
    // An owner whose status shiheng reports as a code it does not define (6 or 0).
    expect(list.some((x) => x.employee.inShiheng && ![1, 2, 4, 5].includes(x.employee.shihengStatus) && x.rows.length > 0)).toBe(true);
    // Departed staff without customers but logged in, with and without a mobile shiheng shows.
    expect(list.some((x) => x.rows.length === 0 && x.accounts.length > 0 && x.employee.shihengConsent)).toBe(true);
    expect(list.some((x) => x.rows.length === 0 && x.accounts.length > 0 && !x.employee.shihengConsent)).toBe(true);
    // Both statuses, and an INACTIVE owner who is not on the list.
    expect(new Set(list.map((x) => x.employee.status))).toEqual(new Set([2, 5]));
    expect(d.employees.some((e) => e.corpId === corp.corpId && e.status === 4 && e.followUser)).toBe(true);
    expect(unknown.length).toBeGreaterThan(0);
  });

  it("stays within its budget: 1 shiheng walk, 1 yunzhenji walk, 1 yunzhong page per departed owner plus the status plan's", async () => {
    const d = g.sim.dataset;
    const corp = mappedCorps(d)[0]!;
    const { unknown, askDirectory } = ownerPlan(d, corp, perPage());
    const departedOwners = d.employees.filter((e) => e.corpId === corp.corpId && e.followUser && [2, 5].includes(e.status));
    const { calls } = await g.measure(`query($c: String!) { corp(corpId: $c) { departures(first: 1) { totalCount } } }`, { c: corp.corpId });
    const made = dataCalls(calls);
    expect(made.shiheng).toBe(walkCalls(d).shiheng);
    expect(made.yunzhenji).toBe(walkCalls(d).yunzhenji);
    // The catalogue page, each departed owner's page 1, and the owners no free source gives a status.
    expect(made.yunzhong).toBeLessThanOrEqual(1 + departedOwners.length + unknown.length);
    expect(made).toEqual(expectedDepartureCalls(d, corp, perPage()));
    // Far fewer than reading the corp's list to find the owners.
    const corpPages = Math.ceil(d.customerRows.filter((r) => r.corpId === corp.corpId).length / perPage());
    expect(made.yunzhong).toBeLessThan(corpPages / 4);
    expect(askDirectory.length).toBeLessThanOrEqual(made.directory);
  });

  it("pages one departure's customers to the end, newest first", async () => {
    const corp = mappedCorps(g.sim.dataset)[0]!;
    const top = expectedDepartures(g.sim.dataset, corp)[0]!;
    expect(top.rows.length).toBeGreaterThan(perPage());
    const seen: string[] = [];
    let after: string | null = null;
    for (let i = 0; i < 20; i++) {
      const res: GraphResult = await g.query(
        `query($c: String!, $after: String) { corp(corpId: $c) { departures(first: 1) { edges { node { customers(first: 7, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { externalUserId owner { userId } } } } } } } } }`,
        { c: corp.corpId, after },
      );
      expect(res.errors).toBeUndefined();
      const conn: any = res.data.corp.departures.edges[0].node.customers;
      expect(conn.totalCount).toBe(top.rows.length);
      seen.push(...conn.edges.map((e: any) => e.node.externalUserId));
      for (const e of conn.edges) expect(e.node.owner.userId.toLowerCase()).toBe(top.employee.userId.toLowerCase());
      if (!conn.pageInfo.hasNextPage) break;
      after = conn.pageInfo.endCursor;
    }
    expect(seen).toEqual(top.rows.map((r) => r.externalUserId));
  });

  it("agrees with Employee.status and ownerStatus in the same response", async () => {
    const corp = mappedCorps(g.sim.dataset)[0]!;
    const res = await g.query(
      `query($c: String!) { corp(corpId: $c) { departures(first: 100) { edges { node { employee { userId status } customers(first: 0) { totalCount } } } }
        customers(first: 0, filter: { ownerStatus: [LEFT, DISABLED] }) { totalCount } } }`,
      { c: corp.corpId },
    );
    expect(res.errors).toBeUndefined();
    const nodes = res.data.corp.departures.edges.map((e: any) => e.node);
    for (const n of nodes) expect(["LEFT", "DISABLED"]).toContain(n.employee.status);
    expect(nodes.reduce((sum: number, n: any) => sum + n.customers.totalCount, 0)).toBe(res.data.corp.customers.totalCount);
  });
});

describe("Corp.departures when a source fails", () => {
  const Q = `query($c: String!) { corp(corpId: $c) { corpId departures(first: 5) { totalCount } } }`;

  it.each([
    ["yunzhenji", { yunzhenji: { forceError: "1001" } }, "wechat/list"],
    ["shiheng", { shiheng: { forceError: "500" } }, "employee/list"],
    ["yunzhong", { yunzhong: { forceError: "http500" } }, "getList"],
  ] as const)("%s: null with one error, never a shorter list", async (vendor, knobs, endpoint) => {
    const corp = mappedCorps(g.sim.dataset)[0]!;
    g.sim.setKnobs(knobs);
    const res = await g.query(Q, { c: corp.corpId });
    expect(res.data).toEqual({ corp: { corpId: corp.corpId, departures: null } });
    expect(res.errors).toHaveLength(1);
    expect(res.errors![0]!.extensions).toMatchObject({ code: "UPSTREAM_ERROR", vendor, endpoint });
  });

  it("a vendor that is not configured: null with VENDOR_NOT_CONFIGURED", async () => {
    const off = await startTestGraph({ config: (c) => ({ ...c, vendors: { ...c.vendors, yunzhenji: undefined } }) });
    try {
      const corp = mappedCorps(off.sim.dataset)[0]!;
      const res = await off.query(Q, { c: corp.corpId });
      expect(res.data).toEqual({ corp: { corpId: corp.corpId, departures: null } });
      expect(res.errors).toHaveLength(1);
      expect(res.errors![0]!.extensions).toMatchObject({ code: "VENDOR_NOT_CONFIGURED", vendor: "yunzhenji" });
    } finally {
      await off.close();
    }
  });
});
