// `_entities` on the graph's own endpoint, in-process: every key schema/subgraph.graphql declares resolves to
// the object the rest of the graph serves, through the request's loaders, and a batch of
// representations costs what the same objects cost in a customer page.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { employeeStatusFromCode } from "../../src/domain/enums.js";
import { dataCalls, startTestGraph, type TestGraph } from "../helpers/graph.js";
import { mappedCorps, orNull } from "../helpers/expectedGraph.js";

let g: TestGraph;
beforeAll(async () => {
  g = await startTestGraph();
  // Warm the yunzhenji token so later counts show data calls only.
  await g.query("{ accounts(first: 1) { totalCount } }");
});
afterAll(() => g.close());

const entities = (selection: string) => `query($r: [_Any!]!) { _entities(representations: $r) { __typename ${selection} } }`;
const walkPages = () => Math.ceil(g.sim.dataset.employees.filter((e) => e.inShiheng).length / 50);

describe("Employee @key(fields: \"corpId userId\")", () => {
  const staff = () => g.sim.dataset.employees.filter((e) => e.corpId === mappedCorps(g.sim.dataset)[0]!.corpId && e.inShiheng).slice(0, 50);
  // The same employee twice, once in another case (WeCom userids are case-insensitive).
  const representations = () => [...staff().map((e) => ({ __typename: "Employee", corpId: e.corpId, userId: e.userId })), { __typename: "Employee", corpId: staff()[0]!.corpId, userId: staff()[0]!.userId.toUpperCase() }];

  it("50 employees asking name cost one walk of shiheng's list and no getUser", async () => {
    expect(staff()).toHaveLength(50);
    // The planner walks when the batch outnumbers the walk's pages; this test is about that case.
    expect(representations().length).toBeGreaterThan(walkPages());
    const { result, calls } = await g.measure(entities("... on Employee { corpId name }"), { r: representations() });
    expect(result.errors).toBeUndefined();
    expect(result.data._entities).toEqual([...staff(), staff()[0]!].map((e) => ({ __typename: "Employee", corpId: e.corpId, name: e.name })));
    expect(dataCalls(calls)).toEqual({ yunzhenji: 0, shiheng: walkPages(), yunzhong: 0, directory: 0 });
  });

  it("asking position, which only the directory has, costs one getUser per distinct employee", async () => {
    const { result, calls } = await g.measure(entities("... on Employee { position }"), { r: representations() });
    expect(result.errors).toBeUndefined();
    expect(result.data._entities).toEqual([...staff(), staff()[0]!].map((e) => ({ __typename: "Employee", position: orNull(e.position) })));
    expect(dataCalls(calls)).toEqual({ yunzhenji: 0, shiheng: 0, yunzhong: 0, directory: 50 });
  });

  it("an employee no source knows is still the entity the supergraph named, with nothing invented", async () => {
    const corp = mappedCorps(g.sim.dataset)[0]!;
    const { result, calls } = await g.measure(entities("... on Employee { corpId userId name position status wecomAccounts { wxid } customers(first: 5) { totalCount } }"), {
      r: [{ __typename: "Employee", corpId: corp.corpId, userId: "nobody-at-all" }],
    });
    expect(result.errors).toBeUndefined();
    expect(result.data._entities).toEqual([
      { __typename: "Employee", corpId: corp.corpId, userId: "nobody-at-all", name: null, position: null, status: "UNKNOWN", wecomAccounts: [], customers: { totalCount: 0 } },
    ]);
    // One getUser answers "no such user" for every field; yunzhong counts the (empty) customer list.
    expect(dataCalls(calls)).toEqual({ yunzhenji: 0, shiheng: 0, yunzhong: 1, directory: 1 });
  });

  it("agrees with employee(...) on a known employee's profile", async () => {
    const e = staff()[1]!;
    const direct = await g.query(`query($c: String!, $u: String!) { employee(corpId: $c, userId: $u) { name status position departmentIds } }`, { c: e.corpId, u: e.userId });
    const viaEntity = await g.query(entities("... on Employee { name status position departmentIds }"), { r: [{ __typename: "Employee", corpId: e.corpId, userId: e.userId }] });
    expect(viaEntity.data._entities[0]).toEqual({ __typename: "Employee", ...direct.data.employee });
    expect(direct.data.employee).toEqual({ name: e.name, status: employeeStatusFromCode(e.status), position: orNull(e.position), departmentIds: e.departmentIds });
  });
});

describe("WeComAccount @key(fields: \"wxid\")", () => {
  it("any number of wxids cost one walk of yunzhenji's list; an unknown wxid is null", async () => {
    const accounts = g.sim.dataset.accounts.slice(0, 30);
    const { result, calls } = await g.measure(entities("... on WeComAccount { wxid nickname online }"), {
      r: [...accounts.map((a) => ({ __typename: "WeComAccount", wxid: a.wxid })), { __typename: "WeComAccount", wxid: "wxid_not_on_any_phone" }],
    });
    expect(result.errors).toBeUndefined();
    expect(result.data._entities).toEqual([...accounts.map((a) => ({ __typename: "WeComAccount", wxid: a.wxid, nickname: orNull(a.nickname), online: a.online === 1 })), null]);
    expect(dataCalls(calls)).toEqual({ yunzhenji: Math.ceil(g.sim.dataset.accounts.length / 100), shiheng: 0, yunzhong: 0, directory: 0 });
  });
});

describe("Corp @key(fields: \"corpId\")", () => {
  it("a configured corp costs no call; a corp no source knows is null", async () => {
    const corps = mappedCorps(g.sim.dataset);
    const known = await g.measure(entities("... on Corp { corpId name }"), { r: corps.map((c) => ({ __typename: "Corp", corpId: c.corpId })) });
    expect(known.result.errors).toBeUndefined();
    expect(known.result.data._entities).toEqual(corps.map((c) => ({ __typename: "Corp", corpId: c.corpId, name: c.name })));
    expect(dataCalls(known.calls)).toEqual({ yunzhenji: 0, shiheng: 0, yunzhong: 0, directory: 0 });
    // shiheng names corps by WeCom corpid itself, so ruling a corpid out reads its list once.
    const unknown = await g.measure(entities("... on Corp { corpId }"), { r: [{ __typename: "Corp", corpId: "wwnotacorp" }] });
    expect(unknown.result).toEqual({ data: { _entities: [null] } });
    expect(dataCalls(unknown.calls)).toEqual({ yunzhenji: 0, shiheng: walkPages(), yunzhong: 0, directory: 0 });
  });
});

describe("ExternalCustomer @key(fields: \"id\")", () => {
  it("the id a customer page gives finds the same row again; an id of another type is BAD_USER_INPUT", async () => {
    const corp = mappedCorps(g.sim.dataset)[1]!;
    const page = await g.query(`query($c: String!) { corp(corpId: $c) { id customers(first: 3) { edges { node { id externalUserId name owner { userId } } } } } }`, { c: corp.corpId });
    const nodes = page.data.corp.customers.edges.map((e: any) => e.node);
    expect(nodes).toHaveLength(3);
    const { result, calls } = await g.measure(entities("... on ExternalCustomer { id externalUserId name owner { userId } }"), { r: nodes.map((n: any) => ({ __typename: "ExternalCustomer", id: n.id })) });
    expect(result.errors).toBeUndefined();
    expect(result.data._entities).toEqual(nodes.map((n: any) => ({ __typename: "ExternalCustomer", ...n })));
    // One search by (owner, external userid) per distinct row: yunzhong has no get-by-id.
    expect(dataCalls(calls)).toEqual({ yunzhenji: 0, shiheng: 0, yunzhong: 3, directory: 0 });

    const bad = await g.query(entities("... on ExternalCustomer { id }"), { r: [{ __typename: "ExternalCustomer", id: page.data.corp.id }, { __typename: "ExternalCustomer", id: "%%%" }] });
    expect(bad.data._entities).toEqual([null, null]);
    expect(bad.errors?.map((e) => [e.path, e.extensions?.["code"]])).toEqual([
      [["_entities", 0], "BAD_USER_INPUT"],
      [["_entities", 1], "BAD_USER_INPUT"],
    ]);
  });
});
