// extensions.cost (README, Sharing the vendors' quotas) on a real server: a request sent with
// `x-wecom-graph-cost: report` learns its estimated cost, in the units of the limit behind
// QUERY_TOO_COMPLEX, and the vendor calls it started per vendor, which for a request alone on the
// server are exactly what the simulators counted (retries and the yunzhenji token fetch included).
// Calls it joined that another request started, and cache hits, count 0.
import { parse } from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { schema } from "../../src/graph/schema.js";
import { estimateCost } from "../../src/limits/queryCost.js";
import { simulatorConfig } from "../../src/simulators/simulatorConfig.js";
import type { SimStats } from "../../src/simulators/startSimulators.js";
import { startRealGraph, type RealGraph } from "../helpers/server.js";
import { sleep } from "../helpers/sleep.js";

const REPORT = { headers: { "x-wecom-graph-cost": "report" } };

/** Vendor calls per vendor between two simulator snapshots, every endpoint (token fetches too). */
function perVendor(after: SimStats, before: SimStats): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [vendor, endpoints] of Object.entries(after as Record<string, Record<string, number>>)) {
    out[vendor] = 0;
    for (const [endpoint, n] of Object.entries(endpoints)) out[vendor] += n - ((before as Record<string, Record<string, number>>)[vendor]?.[endpoint] ?? 0);
  }
  return out;
}

function estimated(g: RealGraph, query: string, variables: Record<string, unknown> = {}): number {
  // The server's own settings: the simulators' corps, the default limits.maxQueryCost.
  return estimateCost(schema, parse(query), null, variables, { corpCount: simulatorConfig(g.sim.url, g.sim.dataset).corps.length, stopAbove: 20_000 })!.cost;
}

describe("extensions.cost on one server", () => {
  let g: RealGraph;
  beforeAll(async () => {
    g = await startRealGraph({ sim: { size: "small" } });
  });
  afterAll(() => g.close());

  async function measured(query: string, variables: Record<string, unknown> = {}) {
    const before = g.sim.stats();
    const answer = await g.post(query, variables, REPORT);
    expect(answer.status).toBe(200);
    expect(answer.body.errors).toBeUndefined();
    return { answer, delta: perVendor(g.sim.stats(), before) };
  }

  it("counts the first yunzhenji request's token fetch with its page, and estimates as the cost limit does", async () => {
    const query = "{ accounts(first: 5) { totalCount edges { node { wxid } } } }";
    const { answer, delta } = await measured(query);
    // The token fetch and one page of accounts.
    expect(delta).toEqual({ yunzhenji: 2, shiheng: 0, yunzhong: 0, directory: 0 });
    // The connection (1) and its one vendor page (1), five edges (5) and their nodes (5).
    expect(answer.body.extensions.cost).toEqual({ estimated: 12, vendorCalls: delta });
    expect(estimated(g, query)).toBe(12);
  });

  it("equals the simulators' deltas per vendor for customers with their owners, accounts, every corp's employees and a node lookup", async () => {
    const corp = g.sim.dataset.corps.find((c) => c.mapped)!;
    const customers = "query($c: String!) { corp(corpId: $c) { customers(first: 40) { edges { node { id name owner { name position wecomAccounts { wxid online } } } } } } }";
    const first = await measured(customers, { c: corp.corpId });
    expect(first.delta.yunzhong).toBeGreaterThan(0);
    expect(first.delta.directory).toBeGreaterThan(0);
    expect(first.answer.body.extensions.cost).toEqual({ estimated: estimated(g, customers, { c: corp.corpId }), vendorCalls: first.delta });

    const accounts = "{ accounts(first: 100, online: true) { totalCount edges { node { wxid employee { name } } } } }";
    const second = await measured(accounts);
    expect(second.delta.yunzhenji).toBeGreaterThan(0);
    expect(second.answer.body.extensions.cost).toEqual({ estimated: estimated(g, accounts), vendorCalls: second.delta });

    const everyCorp = "{ corps { name employees(first: 5) { totalCount } } }";
    const fourth = await measured(everyCorp);
    expect(fourth.delta.shiheng).toBeGreaterThan(0);
    expect(fourth.answer.body.extensions.cost).toEqual({ estimated: estimated(g, everyCorp), vendorCalls: fourth.delta });

    const edge = first.answer.body.data.corp.customers.edges[0].node;
    const node = "query($id: ID!) { node(id: $id) { id ... on ExternalCustomer { name owner { name } } } }";
    const third = await measured(node, { id: edge.id });
    expect(third.answer.body.data.node).toMatchObject({ id: edge.id, name: edge.name });
    expect(Object.values(third.delta).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    expect(third.answer.body.extensions.cost).toEqual({ estimated: estimated(g, node, { id: edge.id }), vendorCalls: third.delta });
  });

  it("counts retries: each attempt is a call the vendor saw", async () => {
    const corp = g.sim.dataset.corps.find((c) => c.mapped)!;
    g.sim.setKnobs({ shiheng: { failNext: 1, failWith: "http500" } });
    const { answer, delta } = await measured("query($c: String!) { corp(corpId: $c) { employees(first: 10) { edges { node { name } } } } }", { c: corp.corpId });
    expect(delta.shiheng).toBe(2);
    expect(answer.body.extensions.cost.vendorCalls).toEqual(delta);
  });

  it("is there only when asked for", async () => {
    const plain = await g.post("{ accounts(first: 1) { totalCount } }");
    expect(plain.body.errors).toBeUndefined();
    expect(plain.body.extensions).toBeUndefined();
    const other = await g.post("{ accounts(first: 1) { totalCount } }", undefined, { headers: { "x-wecom-graph-cost": "yes please" } });
    expect(other.body.extensions).toBeUndefined();
  });
});

describe("extensions.cost with calls shared between requests", () => {
  let g: RealGraph;
  beforeAll(async () => {
    g = await startRealGraph({ sim: { size: "small" }, config: { cache: { ttlSeconds: { yunzhong: 60 } } } });
  });
  afterAll(() => g.close());

  it("charges a shared call to the request that started it; the one that joined it, and a cache hit, count 0", async () => {
    const corp = g.sim.dataset.corps.find((c) => c.mapped)!;
    const query = "query($c: String!) { corp(corpId: $c) { customers(first: 30) { totalCount edges { node { name } } } } }";
    g.sim.setKnobs({ yunzhong: { latencyMs: 300 } });
    const before = g.sim.stats();
    const starter = g.post(query, { c: corp.corpId }, REPORT);
    await sleep(100);
    const joiner = g.post(query, { c: corp.corpId }, REPORT);
    const [a, b] = await Promise.all([starter, joiner]);
    const delta = perVendor(g.sim.stats(), before);
    expect(delta.yunzhong).toBeGreaterThan(0);
    expect(a.body.data).toEqual(b.body.data);
    expect(a.body.extensions.cost.vendorCalls).toEqual(delta);
    expect(b.body.extensions.cost.vendorCalls).toEqual({ yunzhenji: 0, shiheng: 0, yunzhong: 0, directory: 0 });
    expect(b.body.extensions.cost.estimated).toBe(a.body.extensions.cost.estimated);

    const hitBefore = g.sim.stats();
    const hit = await g.post(query, { c: corp.corpId }, REPORT);
    expect(perVendor(g.sim.stats(), hitBefore).yunzhong).toBe(0);
    expect(hit.body.extensions.cost.vendorCalls).toEqual({ yunzhenji: 0, shiheng: 0, yunzhong: 0, directory: 0 });
  });
});
