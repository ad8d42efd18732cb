// Every operation has a deadline shared by its vendor calls: a hung vendor costs a request
// limits.requestTimeoutMs plus a little, never the vendor's own timeout times its retries.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CustomerSource } from "../../src/vendors/Sources.js";
import { DEADLINE_GRACE_MS } from "../../src/limits/useDeadline.js";
import type { CallOptions } from "../../src/core/CallOptions.js";
import { dataCalls } from "../helpers/graph.js";
import { startRealGraph, type RealGraph } from "../helpers/server.js";

const DEADLINE = 600;
let g: RealGraph;
beforeAll(async () => {
  g = await startRealGraph({ config: { limits: { requestTimeoutMs: DEADLINE } } });
});
afterAll(() => g.close());

describe("deadline", () => {
  it("a slow vendor is cut at the deadline: UPSTREAM_TIMEOUT for its fields, the rest answers, no retry", async () => {
    // Slower than the deadline, faster than the vendor's own 5 s timeout: only the deadline cuts it.
    g.sim.setKnobs({ yunzhong: { latencyMs: 3000 } });
    try {
      const before = g.sim.stats();
      const started = Date.now();
      const res = await g.post(`{ corps { name customers(first: 1) { totalCount } } }`);
      const took = Date.now() - started;
      expect(took).toBeGreaterThanOrEqual(DEADLINE - 50);
      expect(took).toBeLessThan(DEADLINE + 1000);
      const corps = g.sim.dataset.corps.filter((c) => c.mapped);
      expect(res.body.data).toEqual({ corps: corps.map((c) => ({ name: c.name, customers: null })) });
      expect(res.body.errors.length).toBeGreaterThanOrEqual(1);
      for (const error of res.body.errors) {
        expect(error.extensions).toMatchObject({ code: "UPSTREAM_TIMEOUT", vendor: "yunzhong", endpoint: "getList" });
        expect(error.message).toMatch(/^yunzhong getList did not answer within the \d+ ms left before the operation's deadline$/);
      }
      expect(res.body.errors.flatMap((e: any) => e.extensions.paths)).toEqual(corps.map((_, i) => ["corps", i, "customers"]));
      // One call per corp: a retry could not start before the deadline.
      expect(dataCalls(g.sim.stats()).yunzhong - dataCalls(before).yunzhong).toBe(corps.length);
    } finally {
      g.sim.setKnobs({ yunzhong: { latencyMs: 0 } });
    }
  });

  it("anything else a resolver waits on is cut shortly after the deadline, and its vendor work aborted", async () => {
    const signals: AbortSignal[] = [];
    const hung: CustomerSource = {
      listCustomersPage: (_args, call?: CallOptions) => {
        if (call?.signal) signals.push(call.signal);
        return new Promise(() => {});
      },
    };
    const stuck = await startRealGraph({ sim: { size: "small" }, config: { limits: { requestTimeoutMs: DEADLINE } }, deps: { sources: { yunzhong: hung } } });
    try {
      const started = Date.now();
      const res = await stuck.post(`{ corps { customers(first: 1) { totalCount } } }`);
      const took = Date.now() - started;
      expect(took).toBeGreaterThanOrEqual(DEADLINE + DEADLINE_GRACE_MS - 50);
      expect(took).toBeLessThan(DEADLINE + DEADLINE_GRACE_MS + 1000);
      expect(res.body).toEqual({
        data: null,
        errors: [{ message: `the operation did not finish within its deadline of ${DEADLINE} ms (limits.requestTimeoutMs)`, extensions: { code: "UPSTREAM_TIMEOUT" } }],
      });
      expect(signals.length).toBeGreaterThan(0);
      expect(signals.every((s) => s.aborted)).toBe(true);
    } finally {
      await stuck.close();
    }
  });
});
