// Readiness probes are the graph's own work: each probe call is charged to the reserved
// interactive client `ops` (README, Sharing the vendors' quotas), whatever the requests do.
import { expect, it } from "vitest";
import type { CallOptions } from "../../src/core/CallOptions.js";
import { systemClock } from "../../src/core/Clock.js";
import { silentLogger } from "../../src/core/Logger.js";
import { Readiness } from "../../src/ops/Readiness.js";
import type { Sources } from "../../src/vendors/Sources.js";

it("charges every probe to the client ops", async () => {
  const calls: CallOptions[] = [];
  const page = async (_params: unknown, call?: CallOptions) => {
    calls.push(call ?? {});
    return { items: [], total: 0, page: 1, pageSize: 1 };
  };
  const sources = { yunzhenji: { listAccountsPage: page }, shiheng: { listEmployeesPage: page } } as unknown as Sources;
  const readiness = new Readiness(sources, [], { clock: systemClock, logger: silentLogger, isShuttingDown: () => false });
  const report = await readiness.report();
  expect(report.vendors.yunzhenji.state).toBe("up");
  expect(calls.map((c) => c.client)).toEqual([
    { name: "ops", priority: "interactive", maxShare: null },
    { name: "ops", priority: "interactive", maxShare: null },
  ]);
});
