import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { classifyCode } from "../../../src/vendors/shiheng/envelope.js";
import { genderFact, mapEmployee, mapEmployeesPage, statusFact } from "../../../src/vendors/shiheng/map.js";
import { rawEmployeeListSchema, rawEmployeeSchema } from "../../../src/vendors/shiheng/schemas.js";
import { ShihengClient, type ShihengClientOptions } from "../../../src/vendors/shiheng/ShihengClient.js";
import { compareCodePoints, md5Signer, signingText } from "../../../src/vendors/shiheng/sign.js";
import { employeeRow, fakeShiheng, referenceSign, SH_APP_ID, SH_SECRET } from "../../helpers/shihengFakes.js";
import { captureLogger } from "../../helpers/captureLogger.js";
import { expectNoSecrets, failure, fakeClock, scriptedFetch, type Override } from "../../helpers/vendors.js";

const BASE = "http://sh.test/shiheng";
const fixtureText = readFileSync(new URL("../../fixtures/shiheng-employee-list.json", import.meta.url), "utf8");

function setup(opts: { total?: number; override?: Override; client?: Partial<ShihengClientOptions> } = {}) {
  const clock = fakeClock();
  const logger = captureLogger();
  const fake = fakeShiheng({ clock, ...(opts.total === undefined ? {} : { total: opts.total }), ...(opts.override ? { override: opts.override } : {}) });
  const client = new ShihengClient({ baseUrl: BASE, appId: SH_APP_ID, appSecret: SH_SECRET, fetch: fake.fetch, clock, logger, random: () => 0, ...opts.client });
  return { clock, logger, client, ...fake };
}

describe("shiheng fixture (the vendor's own sample, docs/vendors/shiheng.md)", () => {
  it("decodes and maps both rows: status 6 and consent-less nulls are not carried", () => {
    const raw = rawEmployeeListSchema.parse(JSON.parse(fixtureText));
    const page = mapEmployeesPage(raw.result, { pageNum: 1, pageSize: 2 });
    expect(page).toMatchObject({ page: 1, pageSize: 2, total: 464, totalPages: 232 });
    expect(page.rows).toEqual([
      { shihengId: 1473493, corpId: "xxxx", followUser: false, facts: { source: "shiheng", userId: "xxxx", name: "xxx" } },
      { shihengId: 1473494, corpId: "xxxx", followUser: false, facts: { source: "shiheng", userId: "xxxx", name: "xxx" } },
    ]);
    const facts = page.rows[0]!.facts;
    for (const field of ["mobile", "mobileKey", "email", "status", "gender", "avatarUrl", "position", "departmentIds"] as const) {
      expect(field in facts, field).toBe(false);
    }
  });

  it("is what the client returns when the vendor answers with it, traceId logged", async () => {
    const logger = captureLogger();
    const { fetch } = scriptedFetch(() => ({ text: fixtureText }));
    const client = new ShihengClient({ baseUrl: BASE, appId: SH_APP_ID, appSecret: SH_SECRET, fetch, logger });
    const page = await client.listEmployeesPage({ pageNum: 1, pageSize: 2 });
    expect(page.total).toBe(464);
    expect(logger.lines.some((l) => (l.obj as { traceId?: string }).traceId === "1a2f11b046bf414ea6e5dc0c97860460")).toBe(true);
  });
});

describe("shiheng mapping", () => {
  const row = (patch: Record<string, unknown>) => rawEmployeeSchema.parse({ ...employeeRow(0, true), ...patch });

  it("carries consented personal fields, with the mobile normalised", () => {
    const e = mapEmployee(row({ mobileNumber: "+86 139-0000-0000", gender: "2", status: 1, followUserFlag: 1 }));
    expect(e).toEqual({
      shihengId: 1473493,
      corpId: "wwcorpA",
      followUser: true,
      facts: {
        source: "shiheng",
        userId: "User0",
        name: "员工0",
        mobile: "13900000000",
        mobileKey: "13900000000",
        email: "u0@example.cn",
        avatarUrl: "https://wework.qpic.cn/wwhead/0/0",
        status: "ACTIVE",
        gender: "FEMALE",
      },
    });
  });

  it("reads followUserFlag as boolean or 0/1", () => {
    expect(mapEmployee(row({ followUserFlag: true })).followUser).toBe(true);
    expect(mapEmployee(row({ followUserFlag: 1 })).followUser).toBe(true);
    expect(mapEmployee(row({ followUserFlag: "1" })).followUser).toBe(true);
    expect(mapEmployee(row({ followUserFlag: 0 })).followUser).toBe(false);
    expect(mapEmployee(row({ followUserFlag: false })).followUser).toBe(false);
    expect(mapEmployee(row({ followUserFlag: null })).followUser).toBe(false);
  });

  it("reads gender \"1\"/1/null, and only 1/2 are facts", () => {
    expect(mapEmployee(row({ gender: "1" })).facts.gender).toBe("MALE");
    expect(mapEmployee(row({ gender: 1 })).facts.gender).toBe("MALE");
    expect(mapEmployee(row({ gender: 2 })).facts.gender).toBe("FEMALE");
    expect(genderFact(null)).toBeUndefined();
    expect(genderFact("0")).toBeUndefined();
    expect("gender" in mapEmployee(row({ gender: null })).facts).toBe(false);
  });

  it("leaves status 0, 6 and unknown values undefined; maps 1/2/4/5", () => {
    expect([1, 2, 4, 5, "5", 0, 6, 99, "x", null].map((s) => statusFact(s))).toEqual(["ACTIVE", "DISABLED", "INACTIVE", "LEFT", "LEFT", undefined, undefined, undefined, undefined, undefined]);
    expect("status" in mapEmployee(row({ status: 6 })).facts).toBe(false);
  });

  it("takes the mobile from phone when mobileNumber is null, and treats \"\" as carried-but-empty", () => {
    expect(mapEmployee(row({ mobileNumber: null, phone: "13911112222" })).facts).toMatchObject({ mobile: "13911112222", mobileKey: "13911112222" });
    const f = mapEmployee(row({ emailAddress: "", mobileNumber: "", phone: null })).facts;
    expect(f.email).toBeNull();
    expect(f.mobile).toBeNull();
    expect(f.mobileKey).toBeNull();
  });

  it("falls back on userId when weComUserId is missing, and rejects a row with neither", () => {
    expect(mapEmployee(row({ weComUserId: null, userId: "Alt" })).facts.userId).toBe("Alt");
    const r = rawEmployeeSchema.safeParse({ ...employeeRow(0, false), weComUserId: null, userId: null });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.path).toEqual(["weComUserId"]);
  });

  it("accepts numbers as numeric strings and an unknown status string", () => {
    const e = mapEmployee(row({ id: "1473493", status: "ACTIVE?" }));
    expect(e.shihengId).toBe(1473493);
    expect(e.facts.status).toBeUndefined();
  });
});

describe("shiheng signing (docs/vendors/shiheng.md, Signing)", () => {
  const body = { appId: "app", version: "1.0", timestamp: 1700000000000, paramContent: { pageNum: 1, pageSize: 50 } };

  it("hashes secret + sorted key/value pairs + secret, paramContent as its JSON text", () => {
    expect(signingText(body, "sec")).toBe('secappIdappparamContent{"pageNum":1,"pageSize":50}timestamp1700000000000version1.0sec');
    const expected = createHash("md5").update('secappIdappparamContent{"pageNum":1,"pageSize":50}timestamp1700000000000version1.0sec').digest("hex").toUpperCase();
    expect(md5Signer(body, "sec")).toBe(expected);
    expect(md5Signer(body, "sec")).toMatch(/^[0-9A-F]{32}$/);
    expect(md5Signer({ ...body, sign: "IGNORED" }, "sec")).toBe(expected);
  });

  it("orders keys by code point", () => {
    expect(["b", "B", "a", "_", "\u{1F600}", "\uFF5E"].sort(compareCodePoints)).toEqual(["B", "_", "a", "b", "\uFF5E", "\u{1F600}"]);
  });

  it("sends a fresh millisecond timestamp and a valid sign on every call, retries included", async () => {
    const { client, calls, clock } = setup({
      override: (_call, all) => (all.length === 1 ? { status: 503, text: "busy" } : undefined),
    });
    await client.listEmployeesPage({ pageNum: 2, pageSize: 3 });
    expect(calls).toHaveLength(2);
    const [first, second] = calls.map((c) => c.body as Record<string, unknown>);
    expect(first).toMatchObject({ appId: SH_APP_ID, version: "1.0", paramContent: { pageNum: 2, pageSize: 3 } });
    expect(Object.keys(first!)).toEqual(["appId", "sign", "version", "timestamp", "paramContent"]);
    expect(second!.timestamp).toBe(clock.now());
    expect(second!.timestamp).toBeGreaterThan(first!.timestamp as number);
    expect(second!.sign).toBe(referenceSign(second!, SH_SECRET));
    expect(calls[0]!.url.pathname).toBe("/shiheng/open/api/wecom/employee/list");
    expect(calls[0]!.method).toBe("POST");
  });

  it("uses a pluggable signer, version and path", async () => {
    const seen: unknown[] = [];
    const { client, calls } = setup({
      override: () => ({ body: { code: "0", msg: null, traceId: "t", result: { pages: 0, total: 0, result: [] } } }),
      client: { version: "2.0", employeeListPath: "/v2/employees", signer: (b, secret) => (seen.push(b), `X-${secret.length}`) },
    });
    await client.listEmployeesPage({ pageNum: 1, pageSize: 1 });
    expect(calls[0]!.url.pathname).toBe("/shiheng/v2/employees");
    expect(calls[0]!.body).toMatchObject({ version: "2.0", sign: `X-${SH_SECRET.length}` });
    expect(seen[0]).not.toHaveProperty("sign");
  });
});

describe("ShihengClient options", () => {
  const ok = { baseUrl: BASE, appId: SH_APP_ID, appSecret: SH_SECRET };
  it("refuses bad options with a TypeError that shows the bad value", () => {
    expect(() => new ShihengClient({ ...ok, appSecret: undefined as unknown as string })).toThrow(new TypeError("shiheng: appSecret must be a non-empty string, got undefined"));
    expect(() => new ShihengClient({ ...ok, pageSize: 51 })).toThrow(new TypeError("shiheng: pageSize must be an integer in 1..50, got 51"));
    expect(() => new ShihengClient({ ...ok, pageSize: 2.5 })).toThrow(/got 2.5$/);
    expect(() => new ShihengClient({ ...ok, employeeListPath: "employee/list" })).toThrow(/employeeListPath must start with "\/" and have no spaces, got "employee\/list"/);
    expect(() => new ShihengClient({ ...ok, version: "" })).toThrow(/version must be a non-empty string, got ""/);
    expect(() => new ShihengClient({ ...ok, signer: "md5" as never })).toThrow(/signer must be a function/);
    expect(() => new ShihengClient({ ...ok, appId: 42 as never })).toThrow(/appId must be a non-empty string, got 42/);
  });

  it("refuses page sizes above 50 in single-page calls instead of clamping", async () => {
    const { client, calls } = setup();
    await expect(client.listEmployeesPage({ pageNum: 1, pageSize: 51 })).rejects.toThrow(new TypeError("shiheng: pageSize must be an integer in 1..50, got 51"));
    await expect(client.listEmployeesPage({ pageNum: 0, pageSize: 5 })).rejects.toThrow(/pageNum must be an integer >= 1, got 0/);
    expect(() => client.employees({ pageSize: 100 })).toThrow(TypeError);
    expect(calls).toHaveLength(0);
  });
});

describe("shiheng errors", () => {
  it("a wrong secret is a clear UPSTREAM_UNAUTHORIZED with the traceId, not retried", async () => {
    const { client, calls, logger } = setup({ client: { appSecret: "wrong-secret-123" } });
    const e = await failure(client.listEmployeesPage({ pageNum: 1, pageSize: 5 }));
    expect(e).toMatchObject({ code: "UPSTREAM_UNAUTHORIZED", vendor: "shiheng", endpoint: "employee/list", vendorCode: "1001", vendorMessage: "sign error", traceId: "trace-1", retryable: false, status: 200 });
    expect(e.message).toBe("shiheng employee/list: code 1001 (sign rejected: check appSecret and the signer): sign error [traceId trace-1]");
    expect(calls).toHaveLength(1);
    expect(logger.lines.find((l) => l.level === "warn")?.obj).toMatchObject({ traceId: "trace-1", vendorCode: "1001" });
    expect(e.request?.body).toMatchObject({ sign: "[REDACTED]", appId: SH_APP_ID });
  });

  it("a skewed clock is rejected as a stale timestamp (code 1002)", async () => {
    const serverClock = fakeClock();
    const ours = { now: () => serverClock.now() - 301_000, sleep: async () => {} };
    const { client } = setup({ client: { clock: ours } });
    const e = await failure(client.listEmployeesPage({ pageNum: 1, pageSize: 5 }));
    expect(e).toMatchObject({ code: "UPSTREAM_UNAUTHORIZED", vendorCode: "1002" });
    expect(e.message).toContain("timestamp rejected");
  });

  const cases: [string, string, boolean, number][] = [
    ["1001", "UPSTREAM_UNAUTHORIZED", false, 1],
    ["1002", "UPSTREAM_UNAUTHORIZED", false, 1],
    ["1003", "UPSTREAM_UNAUTHORIZED", false, 1],
    ["1004", "UPSTREAM_ERROR", false, 1],
    ["500", "UPSTREAM_ERROR", true, 3],
    ["42", "UPSTREAM_ERROR", false, 1],
  ];
  it.each(cases)("code %s -> %s (retryable %s, %i requests)", async (vendorCode, code, retryable, requests) => {
    expect(classifyCode(vendorCode)).toEqual({ code, retryable });
    const { client, calls } = setup({ override: () => ({ body: { code: vendorCode, msg: "m", traceId: "tr", result: null } }) });
    const e = await failure(client.listEmployeesPage({ pageNum: 1, pageSize: 5 }));
    expect(e).toMatchObject({ code, retryable, vendorCode, vendorMessage: "m", traceId: "tr" });
    expect(calls).toHaveLength(requests);
  });

  it("2 transient failures then success = 3 requests", async () => {
    const { client, calls, clock } = setup({ client: { retryBaseDelayMs: 5 }, override: (_c, all) => (all.length <= 2 ? { status: 500, text: "{}" } : undefined) });
    const page = await client.listEmployeesPage({ pageNum: 1, pageSize: 5 });
    expect(page.rows).toHaveLength(5);
    expect(calls).toHaveLength(3);
    expect(clock.sleeps).toEqual([5, 10]);
  });

  it("HTTP 429 is UPSTREAM_RATE_LIMITED and 401 UPSTREAM_UNAUTHORIZED, neither retried", async () => {
    for (const [status, code] of [[429, "UPSTREAM_RATE_LIMITED"], [401, "UPSTREAM_UNAUTHORIZED"]] as const) {
      const { client, calls } = setup({ override: () => ({ status, text: "{}" }) });
      const e = await failure(client.listEmployeesPage({ pageNum: 1, pageSize: 5 }));
      expect(e).toMatchObject({ code, status });
      expect(calls).toHaveLength(1);
    }
  });

  it("times out with UPSTREAM_TIMEOUT", async () => {
    const { client, calls } = setup({ client: { timeoutMs: 25, retries: 0 }, override: () => "hang" });
    const e = await failure(client.listEmployeesPage({ pageNum: 1, pageSize: 5 }));
    expect(e.code).toBe("UPSTREAM_TIMEOUT");
    expect(calls).toHaveLength(1);
  });

  it("a structurally wrong payload is UPSTREAM_ERROR naming the path, with the traceId", async () => {
    const { client } = setup({
      override: () => ({ body: { code: "0", msg: null, traceId: "tr-9", result: { pages: 1, total: 1, result: [{ ...employeeRow(0, false), corpId: { id: 1 } }] } } }),
    });
    const e = await failure(client.listEmployeesPage({ pageNum: 1, pageSize: 5 }));
    expect(e).toMatchObject({ code: "UPSTREAM_ERROR", traceId: "tr-9", retryable: false });
    expect(e.message).toBe("shiheng employee/list: result.result[0].corpId: expected the WeCom corpid string, received object");
  });

  it("an envelope without a code is UPSTREAM_ERROR", async () => {
    const { client } = setup({ override: () => ({ body: { result: [] } }) });
    const e = await failure(client.listEmployeesPage({ pageNum: 1, pageSize: 5 }));
    expect(e.message).toBe('shiheng employee/list: code: expected a code string such as "0"');
  });

  it("accepts a numeric code 0 and result.result null", async () => {
    const { client } = setup({ override: () => ({ body: { code: 0, msg: null, traceId: null, result: { pages: 0, total: 0, result: null } } }) });
    expect(await client.listEmployeesPage({ pageNum: 1, pageSize: 5 })).toEqual({ rows: [], page: 1, pageSize: 5, total: 0, totalPages: 0 });
  });

  it("keeps the app secret and the sign out of errors and logs", async () => {
    let sentSign = "";
    const { client, logger } = setup({
      override: (call) => {
        sentSign = (call.body as { sign: string }).sign;
        return { body: { code: "1001", msg: `sign error: expected ${sentSign}, secret ${SH_SECRET}`, traceId: "tr", result: null } };
      },
    });
    const e = await failure(client.listEmployeesPage({ pageNum: 1, pageSize: 5 }));
    expect(sentSign).toMatch(/^[0-9A-F]{32}$/);
    expectNoSecrets([e.message, e.vendorMessage, JSON.stringify(e), e.stack, JSON.stringify(logger.lines)], [sentSign, SH_SECRET]);
  });
});

describe("shiheng iteration", () => {
  it("walks every page with the default page size 50", async () => {
    const { client, calls, rows } = setup({ total: 120 });
    const ids: number[] = [];
    for await (const e of client.employees()) ids.push(e.shihengId);
    expect(ids).toEqual(rows.map((r) => r.id));
    expect(calls.map((c) => (c.body as { paramContent: unknown }).paramContent)).toEqual([
      { pageNum: 1, pageSize: 50 },
      { pageNum: 2, pageSize: 50 },
      { pageNum: 3, pageSize: 50 },
    ]);
  });

  it("stops at the last page for a size that does not divide the total", async () => {
    const { client, calls } = setup({ total: 11 });
    const sizes: number[] = [];
    for await (const p of client.employeePages({ pageSize: 4 })) sizes.push(p.rows.length);
    expect(sizes).toEqual([4, 4, 3]);
    expect(calls).toHaveLength(3);
  });

  it("stops on an empty page even if pages over-reports", async () => {
    const { client, calls } = setup({
      override: (call) => {
        const { pageNum } = (call.body as { paramContent: { pageNum: number } }).paramContent;
        return { body: { code: "0", msg: null, traceId: "t", result: { pages: 99, total: 990, result: pageNum === 1 ? [employeeRow(1, false)] : [] } } };
      },
    });
    const all = [];
    for await (const e of client.employees({ pageSize: 10 })) all.push(e);
    expect(all).toHaveLength(1);
    expect(calls).toHaveLength(2);
  });
});
