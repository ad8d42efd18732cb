// One request never makes more than limits.maxUpstreamCallsPerRequest vendor calls: the calls past
// the budget are not sent, and the fields that needed them fail with one QUERY_TOO_COMPLEX.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RequestCallBudget } from "../../src/limits/CallBudget.js";
import { configSchema } from "../../src/server/config.js";
import { dataCalls } from "../helpers/graph.js";
import { startRealGraph, type RealGraph } from "../helpers/server.js";

let g: RealGraph;
beforeAll(async () => {
  g = await startRealGraph({ config: { limits: { maxUpstreamCallsPerRequest: 5 } } });
});
afterAll(() => g.close());

describe("call budget", () => {
  it("defaults to 200 calls a request", () => {
    expect(configSchema.parse({}).limits.maxUpstreamCallsPerRequest).toBe(200);
    const budget = new RequestCallBudget(2);
    budget.spend();
    budget.spend();
    expect(() => budget.spend()).toThrow(/more than 2 vendor calls/);
    expect(budget.used).toBe(2);
  });

  it("stops a request at the budget: the calls past it are never sent", async () => {
    const corp = g.sim.dataset.corps.find((c) => c.mapped)!;
    const before = g.sim.stats();
    // 100 customers are 7 yunzhong pages of 15; the budget allows 5.
    const res = await g.post(`query($c: String!) { corp(corpId: $c) { name customers(first: 100) { edges { node { name } } } } }`, { c: corp.corpId });
    expect(dataCalls(g.sim.stats())).toEqual({ ...dataCalls(before), yunzhong: dataCalls(before).yunzhong + 5 });
    expect(res.body.data).toEqual({ corp: { name: corp.name, customers: null } });
    expect(res.body.errors).toEqual([
      {
        message:
          "this request needs more than 5 vendor calls (limits.maxUpstreamCallsPerRequest): ask for fewer rows (`first`), fewer nested lists, fewer aliases or fewer filter.tagIds",
        locations: [{ line: 1, column: 46 }],
        path: ["corp", "customers"],
        extensions: { code: "QUERY_TOO_COMPLEX", paths: [["corp", "customers"]] },
      },
    ]);
  });

  it("is per request: the next one starts with a full budget", async () => {
    const corp = g.sim.dataset.corps.find((c) => c.mapped)!;
    const res = await g.post(`query($c: String!) { corp(corpId: $c) { customers(first: 60) { edges { node { name } } } } }`, { c: corp.corpId });
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.corp.customers.edges).toHaveLength(60);
  });
});
