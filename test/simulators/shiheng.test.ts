import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { SIM_CREDENTIALS } from "../../src/simulators/credentials.js";
import type { RunningSimulators } from "../../src/simulators/startSimulators.js";
import { call, ceilDiv, ManualClock, postJson, shihengRequest, signShiheng, startSim } from "../helpers/simulators.js";

const clock = new ManualClock();
const sim: RunningSimulators = await startSim({ clock });
afterAll(() => sim.close());
beforeEach(() => sim.reset());

const endpoint = `${sim.url}/shiheng/open/api/wecom/employee/list`;
const employees = sim.dataset.employees.filter((e) => e.inShiheng).sort((a, b) => a.shihengId - b.shihengId);
const TRACE = /^[0-9a-f]{32}$/;

const page = (pageNum: number, pageSize: number, overrides: Record<string, unknown> = {}) =>
  postJson(endpoint, shihengRequest({ pageNum, pageSize }, clock.now(), overrides));

function expectError(body: any, code: string) {
  expect(body).toEqual({ code, msg: expect.any(String), traceId: expect.stringMatching(TRACE), result: null });
}

describe("shiheng employee/list", () => {
  it("answers a signed request with code \"0\", msg null, a traceId and every corp's employees in id order", async () => {
    const r = await page(1, 20);
    expect(r.status).toBe(200);
    expect(r.body.code).toBe("0");
    expect(r.body.msg).toBeNull();
    expect(r.body.traceId).toMatch(TRACE);
    expect(r.body.result.total).toBe(employees.length);
    expect(r.body.result.pages).toBe(ceilDiv(employees.length, 20));
    const rows = r.body.result.result as any[];
    expect(rows.map((x) => x.id)).toEqual(employees.slice(0, 20).map((e) => e.shihengId));
    rows.forEach((row, i) => {
      const e = employees[i]!;
      expect(row).toMatchObject({ weComUserId: e.userId, name: e.name, corpId: e.corpId, status: e.shihengStatus });
      expect(Boolean(row.followUserFlag)).toBe(e.followUser);
      expect(Object.keys(row)).toEqual(["id", "weComUserId", "status", "name", "corpId", "followUserFlag", "userId", "gender", "avatarUrl", "qrCodeUrl", "mobileNumber", "emailAddress", "businessEmail", "address", "phone"]);
    });
  });

  it("has no corp filter: one listing covers every corp that has employees in shiheng", async () => {
    const all: any[] = [];
    for (let n = 1, pages = 1; n <= pages; n++) {
      const r = await page(n, 50);
      all.push(...r.body.result.result);
      pages = r.body.result.pages;
    }
    expect(all.map((x) => x.id)).toEqual(employees.map((e) => e.shihengId));
    expect(new Set(all.map((x) => x.corpId))).toEqual(new Set(employees.map((e) => e.corpId)));
  });

  it("serves the partial last page of a page size that does not divide the total, and [] past it", async () => {
    const size = 50;
    expect(employees.length % size).not.toBe(0);
    const last = ceilDiv(employees.length, size);
    const r = await page(last, size);
    expect(r.body.result.result.map((x: any) => x.id)).toEqual(employees.slice((last - 1) * size).map((e) => e.shihengId));
    expect(r.body.result).toMatchObject({ pages: last, total: employees.length });
    const past = await page(last + 1, size);
    expect(past.body.code).toBe("0");
    expect(past.body.result).toEqual({ pages: last, total: employees.length, result: [] });
  });

  it.each([
    [1, 51, "pageSize"],
    [1, 0, "pageSize"],
    [0, 10, "pageNum"],
  ])("refuses pageNum %i pageSize %i with code \"1004\" naming %s", async (pageNum, pageSize, name) => {
    const r = await page(pageNum, pageSize);
    expectError(r.body, "1004");
    expect(r.body.msg).toContain(name);
  });

  it("refuses a bad sign with \"1001\", also when paramContent is changed after signing", async () => {
    const good = shihengRequest({ pageNum: 1, pageSize: 10 }, clock.now());
    expectError((await postJson(endpoint, { ...good, sign: "0".repeat(32) })).body, "1001");
    expectError((await postJson(endpoint, { ...good, paramContent: { pageNum: 2, pageSize: 10 } })).body, "1001");
    expectError((await postJson(endpoint, { ...good, sign: String(good.sign).toLowerCase() })).body, "1001");
    const { sign: _drop, ...unsigned } = good;
    expectError((await postJson(endpoint, unsigned)).body, "1001");
  });

  it("signs over every top-level field but sign, so an extra field is covered too", async () => {
    const { appSecret } = SIM_CREDENTIALS.shiheng;
    const body: Record<string, unknown> = { ...shihengRequest({ pageNum: 1, pageSize: 5 }, clock.now()), extra: "x" };
    expectError((await postJson(endpoint, body)).body, "1001");
    delete body.sign;
    body.sign = signShiheng(body, appSecret);
    expect((await postJson(endpoint, body)).body.code).toBe("0");
  });

  it("refuses a timestamp more than 300 s off the injected clock with \"1002\"", async () => {
    const now = clock.now();
    expect((await postJson(endpoint, shihengRequest({ pageNum: 1, pageSize: 1 }, now - 300_000))).body.code).toBe("0");
    expect((await postJson(endpoint, shihengRequest({ pageNum: 1, pageSize: 1 }, now + 299_000))).body.code).toBe("0");
    expectError((await postJson(endpoint, shihengRequest({ pageNum: 1, pageSize: 1 }, now - 300_001))).body, "1002");
    expectError((await postJson(endpoint, shihengRequest({ pageNum: 1, pageSize: 1 }, now + 301_000))).body, "1002");
    // Seconds instead of milliseconds are decades off.
    expectError((await postJson(endpoint, shihengRequest({ pageNum: 1, pageSize: 1 }, Math.floor(now / 1000)))).body, "1002");
    const signed = shihengRequest({ pageNum: 1, pageSize: 1 }, now);
    clock.advance(301_000);
    expectError((await postJson(endpoint, signed)).body, "1002");
  });

  it("refuses an unknown appId with \"1003\"", async () => {
    expectError((await page(1, 10, { appId: "someone-else" })).body, "1003");
  });

  it("carries the documented quirks: string gender, nulls without consent, 0/1 and boolean flags, unknown statuses", async () => {
    const all: any[] = [];
    for (let n = 1, pages = 1; n <= pages; n++) {
      const r = await page(n, 50);
      all.push(...r.body.result.result);
      pages = r.body.result.pages;
    }
    const byId = new Map(employees.map((e) => [e.shihengId, e]));
    const personal = ["gender", "avatarUrl", "qrCodeUrl", "mobileNumber", "emailAddress", "businessEmail", "address", "phone"];
    for (const row of all) {
      const e = byId.get(row.id)!;
      if (!e.shihengConsent) for (const f of personal) expect(row[f], f).toBeNull();
      else {
        expect(row.gender).toBe(String(e.gender));
        expect(row.mobileNumber).toBe(e.mobile);
        expect(row.emailAddress).toBe(e.email);
      }
    }
    expect(all.some((r) => typeof r.followUserFlag === "boolean")).toBe(true);
    expect(all.some((r) => r.followUserFlag === 0 || r.followUserFlag === 1)).toBe(true);
    expect(all.filter((r) => r.userId === null).length).toBeGreaterThan(all.length / 2);
    const odd = employees.filter((e) => ![1, 2, 4, 5].includes(e.shihengStatus));
    expect(odd.length).toBeGreaterThan(0);
    expect(all.filter((r) => ![1, 2, 4, 5].includes(r.status)).map((r) => r.id)).toEqual(odd.map((e) => e.shihengId));
  });

  it("answers only POST at the configured path", async () => {
    expect((await call(endpoint)).status).toBe(405);
    expect((await postJson(`${sim.url}/shiheng/employee/list`, {})).status).toBe(404);
  });
});
