// Cost and shape limits: variables count exactly as literals, the refusal says what to reduce with
// QUERY_TOO_COMPLEX, and nothing reaches a vendor.
import { parse } from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { schema } from "../../src/graph/schema.js";
import { estimateCost, MAX_TAG_IDS, TagLimitExceeded } from "../../src/limits/queryCost.js";
import { dataCalls } from "../helpers/graph.js";
import { startRealGraph, type RealGraph } from "../helpers/server.js";

let g: RealGraph;
beforeAll(async () => {
  g = await startRealGraph();
});
afterAll(() => g.close());

const cost = (query: string, variables: Record<string, unknown> = {}, corpCount = 3) => estimateCost(schema, parse(query), undefined, variables, { corpCount });

const NESTED = `query($n: Int, $m: Int) { corps { customers(first: $n) { edges { node { owner { customers(first: $m) { edges { node { name } } } } } } } } }`;
const NESTED_LITERAL = `{ corps { customers(first: 100) { edges { node { owner { customers(first: 100) { edges { node { name } } } } } } } } }`;

describe("the cost estimate", () => {
  it("counts objects per parent and the vendor pages `first` needs, the same for variables and literals", () => {
    // 3 corps; per corp a connection (1) reading 7 pages of 15; 100 edges, 100 nodes, 100 owners;
    // per owner a connection (1) reading 7 pages, then 100 edges and 100 nodes.
    const perOwner = 1 + 7 + 100 + 100;
    const perCorp = 1 + 7 + 100 + 100 + 100 * (1 + perOwner);
    const expected = 3 * (1 + perCorp);
    expect(cost(NESTED_LITERAL)!.cost).toBe(expected);
    expect(cost(NESTED, { n: 100, m: 100 })!.cost).toBe(expected);
    expect(cost(NESTED, { n: 100, m: 100 })!.sites.map((s) => [s.path, s.first])).toEqual([
      ["corps.customers", 100],
      ["corps.customers.owner.customers", 100],
    ]);
  });

  it("uses the default of 20 for a missing `first` or variable, and stops counting below `first: 0`", () => {
    expect(cost(NESTED)!.cost).toBe(cost(NESTED_LITERAL.replaceAll("100", "20"))!.cost);
    // `first: 0` still reads one page (for totalCount), and nothing under its edges is counted.
    expect(cost(NESTED, { n: 0, m: 100 })!.cost).toBe(3 * (1 + 1 + 1));
  });

  it("merges fields as execution does, expands fragments and honours @skip/@include with variables", () => {
    const plain = cost(`{ corps { customers(first: 50) { edges { node { name owner { name } } } } } }`)!.cost;
    const fragmented = cost(
      `query($skip: Boolean!) { corps { ...C ...C customers(first: 50) { edges { node { owner { userId } } } } } corps @include(if: false) { tags { id } } b: corps @skip(if: $skip) { tags { id } } }
       fragment C on Corp { customers(first: 50) { edges { node { name owner { name } } } } }`,
      { skip: true },
    )!.cost;
    expect(fragmented).toBe(plain);
  });

  it("multiplies a connection's pages by its distinct tags, and refuses more than the tag limit", () => {
    const one = cost(`{ corps { customers(first: 15) { totalCount } } }`)!.cost;
    const three = cost(`query($t: [String!]) { corps { customers(first: 15, filter: { tagIds: $t }) { totalCount } } }`, { t: ["a", "b", "c", "c"] })!.cost;
    expect(three - one).toBe(3 * 2);
    const tags = Array.from({ length: MAX_TAG_IDS + 1 }, (_, i) => `et${i}`);
    expect(() => cost(`query($f: CustomerFilter) { corps { customers(filter: $f) { totalCount } } }`, { f: { tagIds: tags } })).toThrow(TagLimitExceeded);
  });

  it("leaves invalid variables to execution", () => {
    expect(cost(NESTED, { n: "many" })).toBeNull();
  });
});

describe("through the server", () => {
  const refusal = (body: any) => {
    expect(body.data ?? null).toBeNull();
    expect(body.errors).toHaveLength(1);
    expect(body.errors[0].extensions).toEqual({ code: "QUERY_TOO_COMPLEX" });
    return body.errors[0].message as string;
  };

  it("refuses the variable form of an over-cost query before any vendor call, naming what to reduce", async () => {
    const before = g.sim.stats();
    const res = await g.post(NESTED, { n: 100, m: 100 });
    expect(res.status).toBe(200);
    const expected = cost(NESTED_LITERAL)!.cost;
    expect(refusal(res.body)).toBe(
      `Query cost limit of 20000 exceeded: this query may cost ${expected} (objects it can return plus vendor list pages it reads). ` +
        "Reduce `first` on corps.customers (100) or corps.customers.owner.customers (100), or select fewer nested lists.",
    );
    // The literal form gets the very same answer.
    expect((await g.post(NESTED_LITERAL)).body).toEqual(res.body);
    expect(dataCalls(g.sim.stats())).toEqual(dataCalls(before));
  });

  it("the same query with small variables runs", async () => {
    const res = await g.post(NESTED, { n: 2, m: 1 });
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.corps).toHaveLength(3);
    expect(res.body.data.corps[0].customers.edges).toHaveLength(2);
  });

  it("is a request error for graphql-response+json clients (HTTP 400), as validation errors are", async () => {
    const res = await g.post(NESTED_LITERAL, undefined, { headers: { accept: "application/graphql-response+json" } });
    expect(res.status).toBe(400);
    refusal(res.body);
  });

  it("refuses too many tag ids, saying how many are allowed", async () => {
    const before = g.sim.stats();
    const tagIds = Array.from({ length: 25 }, (_, i) => `et${i}`);
    const corpId = g.sim.dataset.corps.find((c) => c.mapped)!.corpId;
    const res = await g.post(`query($c: String!, $f: CustomerFilter) { corp(corpId: $c) { customers(filter: $f) { totalCount } } }`, { c: corpId, f: { tagIds } });
    expect(refusal(res.body)).toBe(`filter.tagIds on corp.customers has 25 distinct tags; at most ${MAX_TAG_IDS} are allowed, since each tag is a separate read of yunzhong's list`);
    expect(dataCalls(g.sim.stats())).toEqual(dataCalls(before));
  });

  it("depth, alias and token limits say what was found, with the same code", async () => {
    let deep = "corpId";
    for (let i = 0; i < 8; i++) deep = `customers(first: 1) { edges { node { owner { corp { ${deep} } } } } }`;
    expect(refusal((await g.post(`{ corps { ${deep} } }`)).body)).toBe(
      "Query depth limit of 15 exceeded: this operation nests 42 levels deep. Nest less, or fetch the inner objects in a second query (node(id:) takes any id).",
    );
    const aliases = Array.from({ length: 31 }, (_, i) => `a${i}: corps { corpId }`).join(" ");
    expect(refusal((await g.post(`{ ${aliases} }`)).body)).toBe("Alias limit of 30 exceeded: this operation uses 31 aliases. Split it into several operations.");
    const tokens = Array.from({ length: 5000 }, () => "corpId").join(" ");
    expect(refusal((await g.post(`{ corps { ${tokens} } }`)).body)).toBe(
      "Token limit of 5000 exceeded: this document is too long. Send a shorter one (fewer fields, fragments or arguments).",
    );
  });
});
