// ShihengClient against the real 食亨 simulator (src/simulators), values from its dataset.
import { describe, expect, it } from "vitest";
import { SIM_CREDENTIALS } from "../../../src/simulators/credentials.js";
import type { SimEmployee } from "../../../src/simulators/dataset.js";
import type { EmployeeFacts, ShihengEmployee } from "../../../src/domain/types.js";
import type { UpstreamError } from "../../../src/vendors/http/UpstreamError.js";
import { ShihengClient, type ShihengClientOptions } from "../../../src/vendors/shiheng/ShihengClient.js";
import { captureLogger } from "../../helpers/captureLogger.js";
import { expectNoSecrets, failure, fakeClock, HTTP_FAULTS, recordingFetch, simulatorsForFile, type FaultCase } from "../../helpers/vendors.js";

const clock = fakeClock(Date.UTC(2024, 5, 1, 8, 0, 0));
const sim = await simulatorsForFile({ clock });

const { appId, appSecret } = SIM_CREDENTIALS.shiheng;
const employees = sim.dataset.employees.filter((e) => e.inShiheng).sort((a, b) => a.shihengId - b.shihengId);
/** Every sign the client sent, to look for where it must not be. */
const { fetch: sendingFetch, seen: sentSigns } = recordingFetch((_url, init) => (init.body ? (JSON.parse(init.body) as { sign: string }).sign : undefined));

function client(options: Partial<ShihengClientOptions> = {}) {
  const logger = captureLogger();
  const c = new ShihengClient({ baseUrl: `${sim.url}/shiheng`, appId, appSecret, clock, logger, fetch: sendingFetch, retryBaseDelayMs: 1, ...options });
  return Object.assign(c, { captured: logger });
}

const requests = () => sim.stats().shiheng["employee/list"];

/** What shiheng can tell about an employee: consent-gated fields only with consent, 1/2/4/5 statuses only. */
function expectedEmployee(e: SimEmployee): ShihengEmployee {
  const facts: EmployeeFacts = { source: "shiheng", userId: e.userId, name: e.name };
  if (e.shihengConsent) {
    facts.mobile = e.mobile;
    facts.mobileKey = e.mobile;
    facts.email = e.email;
    facts.avatarUrl = e.avatar;
    if (e.gender === 1) facts.gender = "MALE";
    if (e.gender === 2) facts.gender = "FEMALE";
  }
  const status = ({ 1: "ACTIVE", 2: "DISABLED", 4: "INACTIVE", 5: "LEFT" } as const)[e.shihengStatus as 1 | 2 | 4 | 5];
  if (status) facts.status = status;
  return { shihengId: e.shihengId, corpId: e.corpId, followUser: e.followUser, facts };
}

describe("shiheng client on the simulator: data", () => {
  it("iterates every employee with the default page size (50), exactly", async () => {
    const c = client();
    const got: ShihengEmployee[] = [];
    for await (const e of c.employees()) got.push(e);
    expect(got).toHaveLength(employees.length);
    expect(got[0]).toEqual(expectedEmployee(employees[0]!));
    expect(got.at(-1)).toEqual(expectedEmployee(employees.at(-1)!));
    expect(got).toEqual(employees.map(expectedEmployee));
    expect(requests()).toBe(Math.ceil(employees.length / 50));
    // The dataset has both kinds the mapping must tell apart.
    expect(employees.some((e) => e.shihengStatus === 6 || e.shihengStatus === 0)).toBe(true);
    expect(employees.some((e) => !e.shihengConsent) && employees.some((e) => e.shihengConsent)).toBe(true);
  });

  it("pages with a size that does not divide the total", async () => {
    const c = client();
    const size = 17;
    expect(employees.length % size).not.toBe(0);
    const pages = [];
    for await (const p of c.employeePages({ pageSize: size })) pages.push(p);
    const n = Math.ceil(employees.length / size);
    expect(pages).toHaveLength(n);
    expect(pages.every((p) => p.total === employees.length && p.totalPages === n)).toBe(true);
    expect(pages.map((p) => p.page)).toEqual(Array.from({ length: n }, (_, i) => i + 1));
    expect(pages.at(-1)!.rows.map((r) => r.shihengId)).toEqual(employees.slice((n - 1) * size).map((e) => e.shihengId));
    expect(requests()).toBe(n);
  });

  it("a single page: totals and rows", async () => {
    const page = await client().listEmployeesPage({ pageNum: 3, pageSize: 50 });
    expect(page).toMatchObject({ page: 3, pageSize: 50, total: employees.length, totalPages: Math.ceil(employees.length / 50) });
    expect(page.rows).toEqual(employees.slice(100, 150).map(expectedEmployee));
  });
});

describe("shiheng client on the simulator: auth", () => {
  it("a wrong sign secret is a clear UPSTREAM_UNAUTHORIZED (1001) with traceId, not retried", async () => {
    const c = client({ appSecret: "wrong-secret-value" });
    const e = await failure(c.listEmployeesPage({ pageNum: 1, pageSize: 10 }));
    expect(e).toMatchObject({ code: "UPSTREAM_UNAUTHORIZED", vendorCode: "1001", vendorMessage: "sign error", retryable: false });
    expect(e.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(e.message).toBe(`shiheng employee/list: code 1001 (sign rejected: check appSecret and the signer): sign error [traceId ${e.traceId}]`);
    expect(requests()).toBe(1);
    expect(c.captured.lines.some((l) => (l.obj as { traceId?: string }).traceId === e.traceId)).toBe(true);
    expect(JSON.stringify(e) + e.message).not.toContain("wrong-secret-value");
  });

  it("a stale timestamp (clock 301 s behind) is UPSTREAM_UNAUTHORIZED (1002); 299 s behind passes", async () => {
    const behind = (ms: number) => ({ now: () => clock.now() - ms, sleep: async () => {} });
    const e = await failure(client({ clock: behind(301_000) }).listEmployeesPage({ pageNum: 1, pageSize: 10 }));
    expect(e).toMatchObject({ code: "UPSTREAM_UNAUTHORIZED", vendorCode: "1002" });
    expect(e.message).toContain("timestamp rejected");
    const ok = await client({ clock: behind(299_000) }).listEmployeesPage({ pageNum: 1, pageSize: 10 });
    expect(ok.rows).toHaveLength(10);
    expect(requests()).toBe(2);
  });

  it("an unknown appId is UPSTREAM_UNAUTHORIZED (1003)", async () => {
    const e = await failure(client({ appId: "nobody" }).listEmployeesPage({ pageNum: 1, pageSize: 10 }));
    expect(e).toMatchObject({ code: "UPSTREAM_UNAUTHORIZED", vendorCode: "1003" });
  });
});

describe("shiheng client on the simulator: failures", () => {
  const cases: FaultCase[] = [
    ["1001", "UPSTREAM_UNAUTHORIZED", 1],
    ["1002", "UPSTREAM_UNAUTHORIZED", 1],
    ["1003", "UPSTREAM_UNAUTHORIZED", 1],
    ["1004", "UPSTREAM_ERROR", 1],
    ["500", "UPSTREAM_ERROR", 3],
    ...HTTP_FAULTS,
  ];
  it.each(cases)("forceError %s -> %s after %i request(s)", async (fault, code, n) => {
    sim.setKnobs({ shiheng: { forceError: fault } });
    const e = await failure(client().listEmployeesPage({ pageNum: 1, pageSize: 10 }));
    expect(e.code).toBe(code);
    expect(e.vendor).toBe("shiheng");
    if (/^\d+$/.test(fault)) {
      expect(e.vendorCode).toBe(fault);
      expect(e.traceId).toMatch(/^[0-9a-f]{32}$/);
    }
    expect(requests()).toBe(n);
  });

  it("2 transient failures (failNext) then success = 3 requests", async () => {
    sim.setKnobs({ shiheng: { failNext: 2 } });
    const page = await client().listEmployeesPage({ pageNum: 2, pageSize: 10 });
    expect(page.rows.map((r) => r.shihengId)).toEqual(employees.slice(10, 20).map((e) => e.shihengId));
    expect(requests()).toBe(3);
  });

  it("rate limit (rateLimitPerMinute) -> UPSTREAM_RATE_LIMITED, not retried", async () => {
    sim.setKnobs({ shiheng: { rateLimitPerMinute: 1 } });
    const c = client();
    await c.listEmployeesPage({ pageNum: 1, pageSize: 10 });
    const e = await failure(c.listEmployeesPage({ pageNum: 2, pageSize: 10 }));
    expect(e).toMatchObject({ code: "UPSTREAM_RATE_LIMITED", status: 429, retryable: false });
    expect(requests()).toBe(2);
  });

  it("timeout knob + small timeoutMs -> UPSTREAM_TIMEOUT", async () => {
    sim.setKnobs({ shiheng: { timeout: true } });
    const e = await failure(client({ timeoutMs: 100, retries: 1 }).listEmployeesPage({ pageNum: 1, pageSize: 10 }));
    expect(e).toMatchObject({ code: "UPSTREAM_TIMEOUT", retryable: true });
    expect(e.message).toBe("shiheng employee/list did not answer within 100 ms");
    expect(requests()).toBe(2);
  });

  it("malformedJson knob -> UPSTREAM_ERROR that says so", async () => {
    sim.setKnobs({ shiheng: { malformedJson: true } });
    const e = await failure(client().listEmployeesPage({ pageNum: 1, pageSize: 10 }));
    expect(e.code).toBe("UPSTREAM_ERROR");
    expect(e.message).toMatch(/^shiheng employee\/list answered with malformed JSON/);
    expect(requests()).toBe(1);
  });

  it("no secret or sign in any error or log line", async () => {
    const c = client();
    const errors: UpstreamError[] = [];
    for (const fault of ["1001", "1002", "500", "http500", "http401", "malformed"]) {
      sim.setKnobs({ shiheng: { forceError: fault } });
      errors.push(await failure(c.listEmployeesPage({ pageNum: 1, pageSize: 10 })));
    }
    sim.setKnobs({ shiheng: { forceError: null } });
    errors.push(await failure(client({ appSecret: "another-wrong-secret" }).listEmployeesPage({ pageNum: 1, pageSize: 10 })));
    expect(sentSigns.size).toBeGreaterThan(0);
    const secrets = [appSecret, "another-wrong-secret", ...sentSigns];
    const seen = [...errors.flatMap((e) => [e.message, JSON.stringify(e), String(e), e.stack ?? ""]), JSON.stringify(c.captured.lines)];
    expectNoSecrets(seen, secrets);
  });
});
