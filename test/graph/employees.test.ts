import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { employeeStatusFromCode, genderFromCode } from "../../src/domain/enums.js";
import { mobileKey } from "../../src/domain/mobile.js";
import type { SimEmployee } from "../../src/simulators/dataset.js";
import { dataCalls, startTestGraph, type TestGraph } from "../helpers/graph.js";
import { mappedCorps, orNull } from "../helpers/expectedGraph.js";

let g: TestGraph;
beforeAll(async () => {
  g = await startTestGraph();
});
afterAll(() => g.close());

const PROFILE = "corpId userId name mobile email position status gender departmentIds avatarUrl corp { corpId name }";

function profile(e: SimEmployee, corpName: string) {
  return {
    corpId: e.corpId,
    userId: e.userId,
    name: e.name,
    mobile: e.mobile,
    email: e.email,
    position: orNull(e.position),
    status: employeeStatusFromCode(e.status),
    gender: genderFromCode(e.gender),
    departmentIds: e.departmentIds,
    avatarUrl: e.avatar,
    corp: { corpId: e.corpId, name: corpName },
  };
}

describe("Query.employee", () => {
  it("answers every field from the directory in one call", async () => {
    const corp = mappedCorps(g.sim.dataset)[0]!;
    const e = g.sim.dataset.employees.find((x) => x.corpId === corp.corpId && x.position !== "")!;
    const { result, calls } = await g.measure(`query($c: String!, $u: String!) { employee(corpId: $c, userId: $u) { ${PROFILE} } }`, { c: corp.corpId, u: e.userId });
    expect(result.errors).toBeUndefined();
    expect(result.data.employee).toEqual(profile(e, corp.name));
    expect(dataCalls(calls)).toEqual({ yunzhenji: 0, shiheng: 0, yunzhong: 0, directory: 1 });
  });

  it("matches the userid case-insensitively and gives the directory's spelling", async () => {
    const corp = mappedCorps(g.sim.dataset)[1]!;
    const e = g.sim.dataset.employees.find((x) => x.corpId === corp.corpId)!;
    const res = await g.query(`query($c: String!, $u: String!) { employee(corpId: $c, userId: $u) { userId name } }`, { c: corp.corpId, u: e.userId.toUpperCase() });
    expect(res.data.employee).toEqual({ userId: e.userId, name: e.name });
  });

  it("is null without an error for an unknown userid or corp", async () => {
    const corp = mappedCorps(g.sim.dataset)[0]!;
    const res = await g.query(`{ a: employee(corpId: "${corp.corpId}", userId: "NoSuchPerson") { name } b: employee(corpId: "wwnotacorp", userId: "x") { name } }`);
    expect(res).toEqual({ data: { a: null, b: null } });
  });
});

describe("Corp.employees", () => {
  it("lists shiheng's employees of the corp, in its order, with a status filter that is exact", async () => {
    const corp = mappedCorps(g.sim.dataset)[2]!;
    const all = g.sim.dataset.employees.filter((e) => e.corpId === corp.corpId && e.inShiheng).sort((a, b) => a.shihengId - b.shihengId);
    const res = await g.query(`query($c: String!) { corp(corpId: $c) { employees(first: 100) { totalCount edges { node { userId name status } } } } }`, { c: corp.corpId });
    expect(res.errors).toBeUndefined();
    expect(res.data.corp.employees.totalCount).toBe(all.length);
    expect(res.data.corp.employees.edges.map((x: any) => x.node)).toEqual(
      all.slice(0, 100).map((e) => ({ userId: e.userId, name: e.name, status: employeeStatusFromCode(e.status) })),
    );
    // shiheng reports 0 or 6 for some employees; the filter still matches on the real status.
    expect(all.some((e) => e.shihengStatus !== e.status)).toBe(true);
    for (const status of ["ACTIVE", "LEFT"] as const) {
      const expected = all.filter((e) => employeeStatusFromCode(e.status) === status);
      const r = await g.query(`query($c: String!, $s: EmployeeStatus) { corp(corpId: $c) { employees(status: $s, first: 100) { totalCount edges { node { userId } } } } }`, { c: corp.corpId, s: status });
      expect(r.data.corp.employees.totalCount).toBe(expected.length);
      expect(r.data.corp.employees.edges.map((x: any) => x.node.userId)).toEqual(expected.slice(0, 100).map((e) => e.userId));
    }
  });
});

describe("Employee.wecomAccounts and WeComAccount.employee", () => {
  it("joins by normalised mobile within the corp, both ways; a masked mobile joins nothing", async () => {
    const d = g.sim.dataset;
    const corp = mappedCorps(d)[0]!;
    const owners = d.employees.filter((e) => e.corpId === corp.corpId && d.accounts.some((a) => a.ownerUserId === e.userId && a.yzjCorpId === corp.yzjCorpId));
    const sample = owners.slice(0, 5);
    for (const e of sample) {
      const expected = d.accounts.filter((a) => a.yzjCorpId === corp.yzjCorpId && mobileKey(a.mobile) === e.mobile).map((a) => a.wxid);
      const res = await g.query(`query($c: String!, $u: String!) { employee(corpId: $c, userId: $u) { wecomAccounts { wxid employee { userId } } } }`, { c: corp.corpId, u: e.userId });
      expect(res.errors).toBeUndefined();
      expect(res.data.employee.wecomAccounts.map((a: any) => a.wxid)).toEqual(expected);
      expect(res.data.employee.wecomAccounts.every((a: any) => a.employee.userId === e.userId)).toBe(true);
    }
    // Every mapped corp: an account's employee is its owner by mobile whenever some vendor lets us
    // enumerate that owner (shiheng's list, or yunzhong's contact employees). An employee missing
    // from both (joined after shiheng's sync, no customer rights) cannot be found by mobile.
    let viaCatalogue = 0;
    for (const c of mappedCorps(d)) {
      const res = await g.query(`query($c: String!) { corp(corpId: $c) { accounts(first: 100) { totalCount edges { node { wxid mobile employee { userId } } } } } }`, { c: c.corpId });
      expect(res.errors).toBeUndefined();
      const accounts = d.accounts.filter((a) => a.yzjCorpId === c.yzjCorpId);
      expect(res.data.corp.accounts.totalCount).toBe(accounts.length);
      const byWxid = new Map(accounts.map((a) => [a.wxid, a]));
      for (const edge of res.data.corp.accounts.edges) {
        const a = byWxid.get(edge.node.wxid)!;
        const owner = a.ownerUserId ? d.employees.find((e) => e.corpId === c.corpId && e.userId === a.ownerUserId)! : null;
        const findable = owner && (owner.inShiheng || owner.followUser);
        if (owner && !owner.inShiheng && owner.followUser) viaCatalogue++;
        expect(edge.node.employee?.userId ?? null).toBe(findable ? a.ownerUserId : null);
      }
    }
    expect(viaCatalogue).toBeGreaterThan(0);
    const accounts = d.accounts.filter((a) => a.yzjCorpId === corp.yzjCorpId);
    expect(accounts.some((a) => /x/.test(a.mobile))).toBe(true);
  });
});
