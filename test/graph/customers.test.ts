import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADD_WAY_BY_CODE } from "../../src/domain/enums.js";
import { dataCalls, startTestGraph, type GraphResult, type TestGraph } from "../helpers/graph.js";
import { CUSTOMER_FIELDS, expectedCustomer, mappedCorps, rowsOfCorp, iso } from "../helpers/expectedGraph.js";

let g: TestGraph;
beforeAll(async () => {
  g = await startTestGraph();
});
afterAll(() => g.close());

const PAGE = `query($corpId: String!, $first: Int, $after: String, $filter: CustomerFilter) {
  corp(corpId: $corpId) { customers(first: $first, after: $after, filter: $filter) {
    totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id ${CUSTOMER_FIELDS} owner { userId name } } } } } }`;

async function allCustomers(corpId: string, filter?: object, first = 100) {
  const ids: string[] = [];
  const nodes: any[] = [];
  let after: string | null = null;
  let total = -1;
  for (let i = 0; i < 100; i++) {
    const res: GraphResult = await g.query(PAGE, { corpId, first, after, filter });
    expect(res.errors).toBeUndefined();
    const conn: any = res.data.corp.customers;
    total = conn.totalCount;
    for (const e of conn.edges) {
      ids.push(e.node.id);
      nodes.push(e.node);
    }
    if (!conn.pageInfo.hasNextPage) break;
    after = conn.pageInfo.endCursor;
  }
  return { ids, nodes, total };
}

const ext = (nodes: any[]) => nodes.map((n) => `${n.owner.userId.toLowerCase()}/${n.externalUserId}`);
const extOf = (rows: { userid: string; externalUserId: string }[]) => rows.map((r) => `${r.userid.toLowerCase()}/${r.externalUserId}`);

describe("Corp.customers", () => {
  it("pages a corp's customers to the end: every row exactly once, in yunzhong's order, with exact values", async () => {
    const corp = mappedCorps(g.sim.dataset)[0]!;
    const rows = rowsOfCorp(g.sim.dataset, corp.corpId);
    // 100 per page over the simulator's 15 per vendor page: neither divides the other nor the total.
    const { ids, nodes, total } = await allCustomers(corp.corpId, undefined, 100);
    expect(total).toBe(rows.length);
    expect(new Set(ids).size).toBe(rows.length);
    expect(ext(nodes)).toEqual(extOf(rows));
    for (const [i, node] of nodes.entries()) {
      const { owner: _owner, id: _id, ...rest } = node;
      expect(rest).toEqual(expectedCustomer(g.sim.dataset, rows[i]!));
    }
  });

  it("keeps cursors valid with a page size unrelated to the vendor's (first: 7)", async () => {
    const corp = mappedCorps(g.sim.dataset)[1]!;
    const rows = rowsOfCorp(g.sim.dataset, corp.corpId).slice(0, 40);
    const seen: string[] = [];
    let after: string | null = null;
    while (seen.length < 40) {
      const res: GraphResult = await g.query(PAGE, { corpId: corp.corpId, first: 7, after });
      const conn: any = res.data.corp.customers;
      seen.push(...ext(conn.edges.map((e: any) => e.node)));
      after = conn.pageInfo.endCursor;
    }
    expect(seen.slice(0, 40)).toEqual(extOf(rows));
  });

  it("stays exact when yunzhong changes its page size between requests (a stale hint is corrected)", async () => {
    const corp = mappedCorps(g.sim.dataset)[0]!;
    const rows = rowsOfCorp(g.sim.dataset, corp.corpId);
    await g.query(PAGE, { corpId: corp.corpId, first: 30 });
    try {
      g.sim.setKnobs({ yunzhong: { perPage: 7 } });
      const after = Buffer.from("wg1:29").toString("base64url");
      const res = await g.query(PAGE, { corpId: corp.corpId, first: 25, after });
      expect(res.data.corp.customers.totalCount).toBe(rows.length);
      expect(ext(res.data.corp.customers.edges.map((e: any) => e.node))).toEqual(extOf(rows.slice(30, 55)));
    } finally {
      g.sim.setKnobs({ yunzhong: { perPage: 15 } });
    }
  });

  it("answers past the end with an empty page, and the first page says it has no previous", async () => {
    const corp = mappedCorps(g.sim.dataset)[0]!;
    const total = rowsOfCorp(g.sim.dataset, corp.corpId).length;
    const first = await g.query(`{ corp(corpId: "${corp.corpId}") { customers(first: 1) { pageInfo { hasNextPage hasPreviousPage } totalCount } } }`);
    expect(first.data.corp.customers).toEqual({ pageInfo: { hasNextPage: true, hasPreviousPage: false }, totalCount: total });
    // The cursor of the last row: asking after it gives nothing more.
    const lastCursor = Buffer.from(`wg1:${total - 1}`).toString("base64url");
    const res = await g.query(PAGE, { corpId: corp.corpId, first: 5, after: lastCursor });
    expect(res.data.corp.customers.edges).toEqual([]);
    expect(res.data.corp.customers.pageInfo.hasNextPage).toBe(false);
  });
});

describe("CustomerFilter", () => {
  const corpOf = () => mappedCorps(g.sim.dataset)[2]!;
  const rows = () => rowsOfCorp(g.sim.dataset, corpOf().corpId);

  async function check(filter: object, predicate: (r: ReturnType<typeof rows>[number]) => boolean) {
    const expected = rows().filter(predicate);
    const { nodes, total } = await allCustomers(corpOf().corpId, filter);
    expect(total).toBe(expected.length);
    expect(ext(nodes)).toEqual(extOf(expected));
    return expected.length;
  }

  it("ownerUserId, case-insensitively", async () => {
    const owner = rows()[0]!.ownerUserId;
    expect(await check({ ownerUserId: owner.toUpperCase() }, (r) => r.ownerUserId === owner)).toBeGreaterThan(0);
  });

  it("one tag id, and several (any of them)", async () => {
    const tags = g.sim.dataset.tags.filter((t) => t.corpId === corpOf().corpId);
    const one = tags[0]!.tagId;
    expect(await check({ tagIds: [one] }, (r) => r.tagIds.includes(one))).toBeGreaterThan(0);
    const several = [tags[1]!.tagId, tags[5]!.tagId, tags[7]!.tagId];
    expect(await check({ tagIds: several }, (r) => r.tagIds.some((t) => several.includes(t)))).toBeGreaterThan(0);
    expect(await check({ tagIds: [] }, () => false)).toBe(0);
  });

  it("addWay, and UNKNOWN matching 0 and codes the enum does not know", async () => {
    expect(await check({ addWay: "QR_CODE" }, (r) => r.addWay === 1)).toBeGreaterThan(0);
    expect(await check({ addWay: "ASSIGNED_BY_ADMIN" }, (r) => r.addWay === 202)).toBeGreaterThan(0);
    const known = new Set(Object.keys(ADD_WAY_BY_CODE).map(Number));
    const unknown = await check({ addWay: "UNKNOWN" }, (r) => r.addWay === 0 || !known.has(r.addWay));
    expect(rows().some((r) => r.addWay === 99)).toBe(true);
    expect(unknown).toBeGreaterThan(0);
  });

  it("status", async () => {
    expect(await check({ status: "LOST" }, (r) => r.status === -1)).toBeGreaterThan(0);
  });

  it("addedAfter / addedBefore are inclusive bounds on createtime", async () => {
    const t = rows()[10]!.createtime;
    const u = rows()[20]!.createtime;
    const [lo, hi] = t < u ? [t, u] : [u, t];
    expect(await check({ addedAfter: iso(lo), addedBefore: iso(hi) }, (r) => r.createtime >= lo && r.createtime <= hi)).toBeGreaterThan(1);
    expect(await check({ addedAfter: iso(hi) }, (r) => r.createtime >= hi)).toBeGreaterThan(0);
    // Offsets other than Z are the same instant.
    const china = new Date((lo + 8 * 3600) * 1000).toISOString().replace(/\.000Z$/, "+08:00");
    expect(await check({ addedBefore: china }, (r) => r.createtime <= lo)).toBeGreaterThan(0);
    expect(await check({ addedAfter: iso(hi), addedBefore: iso(lo) }, () => false)).toBe(0);
  });

  it("search matches a substring of the name or the external userid; remark a substring of the remark", async () => {
    const r0 = rows()[3]!;
    const part = r0.externalUserId.slice(5, 14);
    expect(await check({ search: part }, (r) => r.customer.name.includes(part) || r.externalUserId.includes(part))).toBeGreaterThan(0);
    expect(await check({ search: "Kevin" }, (r) => r.customer.name.includes("Kevin"))).toBeGreaterThan(0);
    expect(await check({ remark: "VIP" }, (r) => r.remark.includes("VIP"))).toBeGreaterThan(0);
  });

  it("combines conditions (AND), including ones applied locally", async () => {
    const tags = g.sim.dataset.tags.filter((t) => t.corpId === corpOf().corpId);
    const several = [tags[0]!.tagId, tags[2]!.tagId];
    await check({ tagIds: several, status: "NORMAL", addWay: "UNKNOWN" }, (r) => {
      const known = new Set(Object.keys(ADD_WAY_BY_CODE).map(Number));
      return r.tagIds.some((t) => several.includes(t)) && r.status === 1 && (r.addWay === 0 || !known.has(r.addWay));
    });
  });

  it("Employee.customers equals the owner filter, and agrees with it combined", async () => {
    const r0 = rows()[0]!;
    const expected = rows().filter((r) => r.ownerUserId === r0.ownerUserId);
    const res = await g.query(`query($c: String!, $u: String!) { employee(corpId: $c, userId: $u) { customers(first: 100) { totalCount edges { node { externalUserId owner { userId } } } } } }`, {
      c: corpOf().corpId,
      u: r0.ownerUserId,
    });
    expect(res.errors).toBeUndefined();
    expect(res.data.employee.customers.totalCount).toBe(expected.length);
    expect(ext(res.data.employee.customers.edges.map((e: any) => e.node))).toEqual(extOf(expected).slice(0, 100));
    const other = await g.query(`query($c: String!, $u: String!) { employee(corpId: $c, userId: $u) { customers(filter: { ownerUserId: "somebody-else" }) { totalCount } } }`, {
      c: corpOf().corpId,
      u: r0.ownerUserId,
    });
    expect(other.data.employee.customers.totalCount).toBe(0);
  });
});

describe("bad paging arguments", () => {
  it.each([[101], [-1]])("first: %s is BAD_USER_INPUT naming the argument, as a literal and as a variable", async (first) => {
    const corp = mappedCorps(g.sim.dataset)[0]!;
    const literal = await g.measure(`{ corp(corpId: "${corp.corpId}") { customers(first: ${first}) { totalCount } } }`);
    const variable = await g.measure(`query($n: Int) { corp(corpId: "${corp.corpId}") { customers(first: $n) { totalCount } } }`, { n: first });
    for (const { result, calls } of [literal, variable]) {
      expect(result.data).toEqual({ corp: { customers: null } });
      expect(result.errors).toHaveLength(1);
      expect(result.errors![0]!.extensions!.code).toBe("BAD_USER_INPUT");
      expect(result.errors![0]!.message).toBe(`first must be between 0 and 100, got ${first}`);
      expect(dataCalls(calls).yunzhong).toBe(0);
    }
  });

  it("a cursor that is not one of ours is BAD_USER_INPUT", async () => {
    const corp = mappedCorps(g.sim.dataset)[0]!;
    const res = await g.query(`{ corp(corpId: "${corp.corpId}") { customers(after: "bm9wZQ") { totalCount } } }`);
    expect(res.errors![0]!.extensions!.code).toBe("BAD_USER_INPUT");
    expect(res.errors![0]!.message).toMatch(/after "bm9wZQ" is not a cursor/);
  });

  it("a DateTime without a time zone is BAD_USER_INPUT", async () => {
    const corp = mappedCorps(g.sim.dataset)[0]!;
    const res = await g.query(`query($f: CustomerFilter) { corp(corpId: "${corp.corpId}") { customers(filter: $f) { totalCount } } }`, { f: { addedAfter: "2021-11-19 11:11:06" } });
    expect(res.errors![0]!.extensions!.code).toBe("BAD_USER_INPUT");
    expect(res.errors![0]!.message).toMatch(/ISO-8601/);
  });
});
