// Never an invented value, and one answer to "who exists": a vendor we could not read makes its
// fields null beside one error (never 0 or []), `first: 0` counts without rows, and an employee
// some source lists is found by every entry point even when the directory says "no such user".
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { employeeStatusFromCode } from "../../src/domain/enums.js";
import { encodeGlobalId } from "../../src/graph/globalId.js";
import { dataCalls, startTestGraph, type TestGraph, NO_FORCED_ERRORS } from "../helpers/graph.js";
import { mappedCorps, rowsOfCorp } from "../helpers/expectedGraph.js";

let g: TestGraph;
beforeAll(async () => {
  g = await startTestGraph();
});
afterEach(() => {
  g.sim.setKnobs(NO_FORCED_ERRORS);
});
afterAll(() => g.close());

const corp = () => mappedCorps(g.sim.dataset)[0]!;
const shihengOf = (corpId: string) => g.sim.dataset.employees.filter((e) => e.corpId === corpId && e.inShiheng);

describe("a vendor that could not be read is null with one error, never 0 or []", () => {
  it("yunzhong: Corp.customers, Corp.tags and Employee.customers are null, one UPSTREAM_ERROR", async () => {
    g.sim.setKnobs({ yunzhong: { forceError: "http500" } });
    const e = shihengOf(corp().corpId)[0]!;
    const res = await g.query(
      `query($c: String!, $u: String!) { corp(corpId: $c) { name tags { id } customers(first: 3) { totalCount edges { cursor } } }
        employee(corpId: $c, userId: $u) { name customers { totalCount } } }`,
      { c: corp().corpId, u: e.userId },
    );
    expect(res.data).toEqual({ corp: { name: corp().name, tags: null, customers: null }, employee: { name: e.name, customers: null } });
    expect(res.errors).toHaveLength(1);
    expect(res.errors![0]!.extensions).toMatchObject({ code: "UPSTREAM_ERROR", vendor: "yunzhong", endpoint: "getList" });
    expect(res.errors![0]!.extensions!.paths).toEqual(expect.arrayContaining([["corp", "tags"], ["corp", "customers"], ["employee", "customers"]]));
  });

  it("shiheng: Corp.employees is null with one error", async () => {
    g.sim.setKnobs({ shiheng: { forceError: "500" } });
    const res = await g.query(`query($c: String!) { corp(corpId: $c) { corpId employees(first: 0) { totalCount } } }`, { c: corp().corpId });
    expect(res.data).toEqual({ corp: { corpId: corp().corpId, employees: null } });
    expect(res.errors).toHaveLength(1);
    expect(res.errors![0]!.extensions).toMatchObject({ code: "UPSTREAM_ERROR", vendor: "shiheng" });
    expect(res.errors![0]!.path).toEqual(["corp", "employees"]);
  });

  it("a rate-limited yunzhenji: accounts, Corp.accounts and Employee.wecomAccounts are null, one UPSTREAM_RATE_LIMITED", async () => {
    g.sim.setKnobs({ yunzhenji: { forceError: "407" } });
    const e = shihengOf(corp().corpId)[0]!;
    const res = await g.query(
      `query($c: String!, $u: String!) { accounts { totalCount } corp(corpId: $c) { accounts(online: true) { totalCount } }
        employee(corpId: $c, userId: $u) { userId wecomAccounts { wxid } } }`,
      { c: corp().corpId, u: e.userId },
    );
    expect(res.data).toEqual({ accounts: null, corp: { accounts: null }, employee: { userId: e.userId, wecomAccounts: null } });
    expect(res.errors).toHaveLength(1);
    expect(res.errors![0]!.extensions).toMatchObject({ code: "UPSTREAM_RATE_LIMITED", vendor: "yunzhenji" });
    expect(res.errors![0]!.extensions!.paths).toHaveLength(3);
  });
});

describe("first: 0 counts without rows", () => {
  it("answers totalCount and pageInfo with no edges, for one call per vendor", async () => {
    const c = corp();
    const accounts = g.sim.dataset.accounts;
    const { result, calls } = await g.measure(
      `query($c: String!, $n: Int) { accounts(first: $n) { totalCount edges { cursor } pageInfo { hasNextPage endCursor } }
        corp(corpId: $c) { customers(first: 0) { totalCount edges { cursor } pageInfo { hasNextPage endCursor } }
          employees(first: $n) { totalCount edges { cursor } } } }`,
      { c: c.corpId, n: 0 },
    );
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({
      accounts: { totalCount: accounts.length, edges: [], pageInfo: { hasNextPage: true, endCursor: null } },
      corp: {
        customers: { totalCount: rowsOfCorp(g.sim.dataset, c.corpId).length, edges: [], pageInfo: { hasNextPage: true, endCursor: null } },
        employees: { totalCount: shihengOf(c.corpId).length, edges: [] },
      },
    });
    expect(dataCalls(calls).yunzhong).toBe(1);
    expect(dataCalls(calls).yunzhenji).toBe(1);
    expect(dataCalls(calls).directory).toBe(0);
  });
});

describe("who exists", () => {
  it("an employee shiheng lists is found by employee(), node() and Corp.employees alike when the directory answers 60111", async () => {
    g.sim.setKnobs({ directory: { forceError: "60111" } });
    const c = corp();
    const listed = shihengOf(c.corpId);
    const e = listed[0]!;
    const id = encodeGlobalId("Employee", [c.corpId, e.userId.toLowerCase()]);
    const res = await g.query(
      `query($c: String!, $u: String!, $id: ID!) {
        employee(corpId: $c, userId: $u) { id userId name position departmentIds }
        node(id: $id) { ... on Employee { id userId name position } }
        corp(corpId: $c) { employees(first: 100) { edges { node { id userId } } } } }`,
      { c: c.corpId, u: e.userId, id },
    );
    expect(res.errors).toBeUndefined();
    // The directory-only fields are null (or empty for the non-null list): it does not know them.
    expect(res.data.employee).toEqual({ id, userId: e.userId, name: e.name, position: null, departmentIds: [] });
    expect(res.data.node).toEqual({ id, userId: e.userId, name: e.name, position: null });
    expect(res.data.corp.employees.edges.map((x: any) => x.node.id)).toContain(id);
  });

  it("an employee only yunzhong lists (a customer owner shiheng lacks) is found through yunzhong", async () => {
    g.sim.setKnobs({ directory: { forceError: "60111" } });
    const c = corp();
    const row = rowsOfCorp(g.sim.dataset, c.corpId).find((r) => r.embedsEmployee && !g.sim.dataset.employees.find((e) => e.corpId === c.corpId && e.userId === r.ownerUserId)!.inShiheng);
    expect(row, "the dataset has owners missing from shiheng's list").toBeDefined();
    const owner = g.sim.dataset.employees.find((e) => e.corpId === c.corpId && e.userId === row!.ownerUserId)!;
    const res = await g.query(`query($c: String!, $u: String!) { employee(corpId: $c, userId: $u) { userId name status } }`, { c: c.corpId, u: owner.userId });
    expect(res.errors).toBeUndefined();
    expect(res.data.employee.name).toBe(owner.name);
    expect(res.data.employee.userId.toLowerCase()).toBe(owner.userId.toLowerCase());
    expect(res.data.employee.status).toBe(employeeStatusFromCode(owner.status));
  });

  it("nobody is null without an error, after every source that could list them was asked", async () => {
    const c = corp();
    const { result, calls } = await g.measure(`query($c: String!) { employee(corpId: $c, userId: "NoSuchPerson") { name } }`, { c: c.corpId });
    expect(result).toEqual({ data: { employee: null } });
    const pages = Math.ceil(g.sim.dataset.employees.filter((e) => e.inShiheng).length / 50);
    expect(dataCalls(calls)).toEqual({ yunzhenji: 0, shiheng: pages, yunzhong: 2, directory: 1 });
  });
});
