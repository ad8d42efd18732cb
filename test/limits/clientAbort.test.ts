// A client that goes away stops its request's vendor work: no further vendor call is started.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startRealGraph, type RealGraph } from "../helpers/server.js";
import { sleep } from "../helpers/sleep.js";

let g: RealGraph;
beforeAll(async () => {
  g = await startRealGraph({ config: { limits: { maxUpstreamCallsPerRequest: 1000 } } });
});
afterAll(() => g.close());


describe("client abort", () => {
  it("stops the vendor calls of a request whose client has left", async () => {
    // `position` is the directory's alone: one getUser per employee, a few at a time, 100 ms each.
    const employees = g.sim.dataset.employees.filter((e) => e.inShiheng).length;
    g.sim.setKnobs({ directory: { latencyMs: 100 } });
    try {
      const before = g.sim.stats().directory.getUser;
      const controller = new AbortController();
      const pending = g.post(`{ corps { employees(first: 100) { edges { node { position } } } } }`, undefined, { signal: controller.signal }).catch((e: Error) => e);
      await sleep(500);
      controller.abort();
      expect(await pending).toBeInstanceOf(Error);
      // The server sees the socket close a moment after the client gave up (longer on a busy machine).
      await sleep(300);
      const settled = g.sim.stats().directory.getUser - before;
      await sleep(1000);
      const after = g.sim.stats().directory.getUser - before;
      expect(settled).toBeGreaterThan(0);
      // Calls already on the wire may still arrive (the directory loader runs 8 at a time); none start
      // after. Without the abort, the next second made over a hundred more.
      expect(after - settled).toBeLessThanOrEqual(8);
      expect(after).toBeLessThan(employees / 3);
    } finally {
      g.sim.setKnobs({ directory: { latencyMs: 0 } });
    }
  });
});
