// A repeated query runs compiled (src/server/useCompiledQueries.ts) from its second run on. The
// compiled path must answer exactly what the standard executor answered on the first run: data,
// errors, their codes, paths and merged extensions. Each case runs the same request twice and
// compares the two answers whole; the log proves the second one was compiled.
import { readFileSync } from "node:fs";
import { getIntrospectionQuery } from "graphql";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../src/server/app.js";
import { useCompiledQueries } from "../../src/server/useCompiledQueries.js";
import { startTestGraph, type GraphResult, type TestGraph, NO_FORCED_ERRORS } from "../helpers/graph.js";
import { mappedCorps, rowsOfCorp } from "../helpers/expectedGraph.js";

let g: TestGraph;
beforeAll(async () => {
  g = await startTestGraph({ sim: { size: "small" } });
});
afterEach(() => {
  g.sim.setKnobs(NO_FORCED_ERRORS);
});
afterAll(() => g.close());

const corpId = () => mappedCorps(g.sim.dataset)[0]!.corpId;
const operation = (name: string) => readFileSync(new URL(`../../src/client/operations/${name}.graphql`, import.meta.url), "utf8");
const compilations = () => g.logs.filter((l) => l.msg === "graphql operation compiled").length;

let documents = 0;

/** The request's raw answer: the order of keys is part of what must not change. */
async function raw(query: string, variables?: Record<string, unknown>): Promise<string> {
  return JSON.stringify(await g.query(query, variables));
}

/**
 * Runs the request twice as a document of its own: the first answer is the standard executor's,
 * the second the compiled one's, and they must be the same text.
 */
async function twice(query: string, variables?: Record<string, unknown>): Promise<GraphResult> {
  const fresh = `${query}\n# document ${++documents}`;
  const before = compilations();
  const first = await raw(fresh, variables);
  expect(compilations()).toBe(before);
  const second = await raw(fresh, variables);
  expect(compilations()).toBe(before + 1);
  expect(second).toBe(first);
  return JSON.parse(first) as GraphResult;
}

const customers = "id name remark addedAt tags { name }";

describe("compiled queries answer exactly what the standard executor answers", () => {
  it("the benchmark's three customer lists", async () => {
    const c = corpId();
    const s1 = await twice(`query S1($corpId: String!) { corp(corpId: $corpId) { customers(first: 50) { edges { node { ${customers} owner { name mobile } } } } } }`, { corpId: c });
    expect(s1.data.corp.customers.edges.map((e: any) => e.node.name)).toEqual(rowsOfCorp(g.sim.dataset, c).slice(0, 50).map((r) => r.customer.name));
    await twice(`query S2($corpId: String!) { corp(corpId: $corpId) { customers(first: 50) { edges { node { ${customers} owner { name mobile position departmentIds } } } } } }`, { corpId: c });
    const s3 = await twice(`query S3($corpId: String!) { corp(corpId: $corpId) { customers(first: 50) { edges { node { ${customers} owner { name wecomAccounts { wxid online } } } } } } }`, { corpId: c });
    expect(s3.errors).toBeUndefined();
  });

  it("every example operation, abstract node types and the introspection GraphiQL sends", async () => {
    const c = corpId();
    await twice(operation("CorpsOverview"));
    const list = await twice(operation("CorpCustomers"), { corpId: c, first: 10, filter: { status: "NORMAL" } });
    const customer = list.data.corp.customers.edges[0].node;
    await twice(operation("Employee360"), { corpId: c, userId: customer.owner.userId });
    await twice(operation("OnlineAccounts"), { corpId: c, first: 20 });
    const employee = await g.query(`query($c: String!, $u: String!) { employee(corpId: $c, userId: $u) { id } }`, { c, u: customer.owner.userId });
    for (const id of [customer.id, employee.data.employee.id]) await twice(operation("Node"), { id });
    await twice(getIntrospectionQuery());
  });

  it("aliases, fragments, __typename and @skip/@include driven by variables", async () => {
    const query = `query Shapes($c: String!, $withTags: Boolean!, $noOwner: Boolean!) {
      a: corp(corpId: $c) { first: customers(first: 2) { totalCount edges { cursor node { __typename name tags @include(if: $withTags) { name } owner @skip(if: $noOwner) { userId } } } } ...Names }
      b: corp(corpId: $c) { corpId next: customers(first: 2, after: "wg1:2") { pageInfo { hasNextPage endCursor } edges { node { id } } } }
      missing: corp(corpId: "ww-not-configured") { corpId }
    }
    fragment Names on Corp { name shortName }`;
    await twice(query, { c: corpId(), withTags: true, noOwner: false });
    const flipped = await twice(query, { c: corpId(), withTags: false, noOwner: true });
    expect(flipped.data.a.first.edges[0].node).not.toHaveProperty("tags");
    expect(flipped.data.a.first.edges[0].node).not.toHaveProperty("owner");
  });

  it("vendor failures: partial data with one merged error per failure, paths and all", async () => {
    g.sim.setKnobs({ directory: { forceError: "http500" } });
    const res = await twice(`query Owners($c: String!) { corp(corpId: $c) { customers(first: 10) { edges { node { name owner { name departmentIds } } } } } }`, { c: corpId() });
    expect(res.errors).toHaveLength(1);
    expect(res.errors![0]!.extensions).toMatchObject({ code: "UPSTREAM_ERROR", vendor: "directory", endpoint: "getUser" });
    g.sim.setKnobs({ directory: { forceError: null }, yunzhong: { forceError: "login" } });
    const refused = await twice(`{ corps { corpId tags { id } customers(first: 5) { totalCount edges { node { name } } } } }`);
    expect(refused.errors![0]!.extensions).toMatchObject({ code: "UPSTREAM_UNAUTHORIZED", vendor: "yunzhong" });
  });

  it("client errors raised by resolvers: bad paging arguments and undecodable ids", async () => {
    const paging = await twice(`query Paging($c: String!) { corp(corpId: $c) { customers(first: -1) { totalCount } } }`, { c: corpId() });
    expect(paging.errors![0]!.extensions!.code).toBe("BAD_USER_INPUT");
    const id = await twice(`query Id { node(id: "not an id!") { id } }`);
    expect(id.errors![0]!.extensions!.code).toBe("BAD_USER_INPUT");
  });
});

describe("what stays on the standard executor", () => {
  it("documents whose field order graphql-jit would change: answered in the query's order, uncompiled", async () => {
    const c = corpId();
    const shapes = [
      `query A($c: String!) { corp(corpId: $c) { ...Names corpId } } fragment Names on Corp { name shortName }`,
      `query B($c: String!) { corp(corpId: $c) { ...Names ...Ids } } fragment Names on Corp { name } fragment Ids on Corp { corpId id }`,
      `query C($c: String!) { corp(corpId: $c) { ... on Corp { name } corpId } }`,
    ];
    const before = compilations();
    for (const query of shapes) {
      const answers = [await raw(query, { c }), await raw(query, { c }), await raw(query, { c })];
      expect(new Set(answers).size).toBe(1);
    }
    expect(compilations()).toBe(before);
    expect(Object.keys(JSON.parse(await raw(shapes[0]!, { c })).data.corp)).toEqual(["name", "shortName", "corpId"]);
    expect(Object.keys(JSON.parse(await raw(shapes[1]!, { c })).data.corp)).toEqual(["name", "corpId", "id"]);
  });

  it("variables graphql-js rejects keep graphql-js's error, even once the document is compiled", async () => {
    const query = `query Since($c: String!, $since: DateTime) { corp(corpId: $c) { customers(first: 1, filter: { addedAfter: $since }) { totalCount } } }`;
    await twice(query, { c: corpId(), since: "2021-01-01T00:00:00Z" });
    const bad = await g.query(query, { c: corpId(), since: "2021-11-19 11:11:06" });
    expect(bad.errors![0]!.extensions!.code).toBe("BAD_USER_INPUT");
    expect(bad.errors![0]!.message).toBe('Variable "$since" got invalid value "2021-11-19 11:11:06"; DateTime must be an ISO-8601 string with a time zone, like "2021-11-19T03:11:06Z"; got "2021-11-19 11:11:06"');
  });

  it("each operation of a document is compiled for itself", async () => {
    const app = createApp(g.config, { retryBaseDelayMs: 1 });
    const doc = `query One($c: String!) { corp(corpId: $c) { corpId } } query Two { corps { corpId } }`;
    const run = async (operationName: string | undefined) => {
      const res = await app.fetch("http://graph.test/graphql", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ query: doc, operationName, variables: { c: corpId() } }),
      });
      return (await res.json()) as GraphResult;
    };
    for (let i = 0; i < 3; i++) {
      expect((await run("One")).data).toEqual({ corp: { corpId: corpId() } });
      expect((await run("Two")).data).toEqual({ corps: mappedCorps(g.sim.dataset).map((c) => ({ corpId: c.corpId })) });
      // Several operations and no name: the same error every time, never a compiled guess.
      expect((await run(undefined)).errors![0]!.message).toMatch(/operation/);
    }
  });

  it("keeps at most maxCompiled operations; a dropped one is compiled again when it comes back", async () => {
    const { createYoga } = await import("graphql-yoga");
    const { schema } = await import("../../src/graph/schema.js");
    const lines: string[] = [];
    const logger = { debug: (obj: object) => lines.push(JSON.stringify(obj)), info() {}, warn() {}, error() {} };
    const yoga = createYoga({
      schema,
      plugins: [useCompiledQueries({ maxCompiled: 2, logger })],
      context: () => ({ loaders: {} as never, corps: { corps: [] } as never, softErrors: [] }),
      logging: false,
    });
    const run = async (name: string) => {
      const res = await yoga.fetch("http://x/graphql", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query: `query ${name} { __typename }` }) });
      expect(await res.json()).toEqual({ data: { __typename: "Query" } });
    };
    for (const name of ["A", "B", "C", "A"]) for (let i = 0; i < 3; i++) await run(name);
    // A, B and C are compiled on their second run; C drops A, so A is compiled again.
    expect(lines.map((l) => JSON.parse(l).operation)).toEqual(["A", "B", "C", "A"]);
  });

  it("refuses bad options with the value shown", () => {
    expect(() => useCompiledQueries({ compileOnRun: 0 })).toThrow("useCompiledQueries: compileOnRun must be a positive integer, got 0");
    expect(() => useCompiledQueries({ maxCompiled: -1 })).toThrow("useCompiledQueries: maxCompiled must be a positive integer, got -1");
  });
});
