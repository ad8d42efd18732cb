import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseMobile } from "../../src/domain/mobile.js";
import type { SimAccount } from "../../src/simulators/dataset.js";
import { dataCalls, startTestGraph, type GraphResult, type TestGraph } from "../helpers/graph.js";
import { iso, orNull } from "../helpers/expectedGraph.js";

let g: TestGraph;
beforeAll(async () => {
  g = await startTestGraph();
  await g.query("{ accounts(first: 1) { totalCount } }");
});
afterAll(() => g.close());

const FIELDS = "id wxid nickname fullName mobile avatarUrl online lastLoginAt lastOfflineAt corp { corpId name }";

function expected(a: SimAccount) {
  const corp = g.sim.dataset.corps.find((c) => c.yzjCorpId === a.yzjCorpId)!;
  return {
    wxid: a.wxid,
    nickname: orNull(a.nickname),
    fullName: orNull(a.fullName),
    mobile: parseMobile(a.mobile).display,
    avatarUrl: a.avatar,
    online: a.online === 1,
    lastLoginAt: iso(a.lastLoginTime),
    lastOfflineAt: a.lastOfflineTime === 0 ? null : iso(a.lastOfflineTime),
    corp: corp.mapped ? { corpId: corp.corpId, name: corp.name } : { corpId: `yunzhenji:${corp.yzjCorpId}`, name: corp.name },
  };
}

async function walk(online: boolean | null, first: number) {
  const out: any[] = [];
  let after: string | null = null;
  for (;;) {
    const res: GraphResult = await g.query(`query($o: Boolean, $f: Int, $a: String) { accounts(online: $o, first: $f, after: $a) { totalCount pageInfo { hasNextPage endCursor } edges { node { ${FIELDS} } } } }`, { o: online, f: first, a: after });
    expect(res.errors).toBeUndefined();
    out.push(...res.data.accounts.edges.map((e: any) => e.node));
    if (!res.data.accounts.pageInfo.hasNextPage) return { nodes: out, total: res.data.accounts.totalCount };
    after = res.data.accounts.pageInfo.endCursor;
  }
}

describe("Query.accounts", () => {
  it("lists every yunzhenji account in its order, including the unmapped corp's, with exact values", async () => {
    const { nodes, total } = await walk(null, 37);
    const all = g.sim.dataset.accounts;
    expect(total).toBe(all.length);
    expect(nodes.map(({ id: _id, ...rest }) => rest)).toEqual(all.map(expected));
    expect(nodes.some((n) => n.corp.corpId.startsWith("yunzhenji:"))).toBe(true);
  });

  it("filters online at the vendor", async () => {
    const { nodes, total } = await walk(true, 100);
    const online = g.sim.dataset.accounts.filter((a) => a.online === 1);
    expect(total).toBe(online.length);
    expect(nodes.map((n) => n.wxid)).toEqual(online.map((a) => a.wxid));
  });

  it("a page of 20 costs one vendor page", async () => {
    const { calls } = await g.measure(`{ accounts(first: 20) { edges { node { wxid } } } }`);
    expect(dataCalls(calls)).toEqual({ yunzhenji: 1, shiheng: 0, yunzhong: 0, directory: 0 });
  });

  it("an unmapped corp stays reachable by its vendor id", async () => {
    const stray = g.sim.dataset.corps.find((c) => !c.mapped)!;
    const res = await g.query(`query($c: String!) { corp(corpId: $c) { corpId name accounts { totalCount edges { node { wxid employee { userId } } } } } }`, { c: `yunzhenji:${stray.yzjCorpId}` });
    const accounts = g.sim.dataset.accounts.filter((a) => a.yzjCorpId === stray.yzjCorpId);
    expect(res.data.corp).toEqual({
      corpId: `yunzhenji:${stray.yzjCorpId}`,
      name: stray.name,
      accounts: { totalCount: accounts.length, edges: accounts.map((a) => ({ node: { wxid: a.wxid, employee: null } })) },
    });
  });
});

describe("node(id:)", () => {
  it("round-trips every Node type", async () => {
    const d = g.sim.dataset;
    const corp = d.corps.find((c) => c.mapped)!;
    const res = await g.query(`query($c: String!) { corp(corpId: $c) { id corpId
        accounts(first: 1) { edges { node { id wxid } } }
        employees(first: 1) { edges { node { id userId } } }
        customers(first: 1) { edges { node { id externalUserId owner { id userId } } } } } }`, { c: corp.corpId });
    const c = res.data.corp;
    const ids = [c.id, c.accounts.edges[0].node.id, c.employees.edges[0].node.id, c.customers.edges[0].node.id, c.customers.edges[0].node.owner.id];
    expect(new Set(ids).size).toBe(5);
    const all = await g.query(`query($a: ID!, $b: ID!, $c: ID!, $d: ID!, $e: ID!) {
        a: node(id: $a) { __typename id ... on Corp { corpId } }
        b: node(id: $b) { __typename id ... on WeComAccount { wxid } }
        c: node(id: $c) { __typename id ... on Employee { userId } }
        d: node(id: $d) { __typename id ... on ExternalCustomer { externalUserId } }
        e: node(id: $e) { __typename id ... on Employee { userId } } }`, { a: ids[0], b: ids[1], c: ids[2], d: ids[3], e: ids[4] });
    expect(all.errors).toBeUndefined();
    expect(all.data).toEqual({
      a: { __typename: "Corp", id: ids[0], corpId: c.corpId },
      b: { __typename: "WeComAccount", id: ids[1], wxid: c.accounts.edges[0].node.wxid },
      c: { __typename: "Employee", id: ids[2], userId: c.employees.edges[0].node.userId },
      d: { __typename: "ExternalCustomer", id: ids[3], externalUserId: c.customers.edges[0].node.externalUserId },
      e: { __typename: "Employee", id: ids[4], userId: expect.stringMatching(new RegExp(`^${c.customers.edges[0].node.owner.userId}$`, "i")) },
    });
  });

  it("an Employee id is the same whichever vendor spelled the userid", async () => {
    const d = g.sim.dataset;
    const row = d.customerRows.find((r) => r.userid !== r.ownerUserId)!;
    const res = await g.query(`query($c: String!, $u: String!) { employee(corpId: $c, userId: $u) { id customers(first: 1) { edges { node { owner { id userId } } } } } }`, { c: row.corpId, u: row.ownerUserId });
    const owner = res.data.employee.customers.edges[0].node.owner;
    expect(owner.userId).toBe(row.userid);
    expect(owner.id).toBe(res.data.employee.id);
  });

  it("finds a customer whose row yunzhong renumbered, and is null for a relation that is gone", async () => {
    const row = g.sim.dataset.customerRows[5]!;
    const id = (rowId: number, owner: string) => Buffer.from(`ExternalCustomer:${JSON.stringify([row.uniacid, row.cropId, rowId, owner, row.externalUserId])}`).toString("base64url");
    const res = await g.query(`query($a: ID!, $b: ID!) { a: node(id: $a) { ... on ExternalCustomer { externalUserId owner { userId } } } b: node(id: $b) { id } }`, {
      a: id(999999, row.ownerUserId),
      b: id(row.id, "SomebodyElse"),
    });
    expect(res).toEqual({ data: { a: { externalUserId: row.externalUserId, owner: { userId: row.userid } }, b: null } });
  });
});
