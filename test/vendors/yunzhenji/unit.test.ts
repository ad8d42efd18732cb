import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { decode } from "../../../src/vendors/http/decode.js";
import { Transport } from "../../../src/vendors/http/transport.js";
import type { UpstreamError } from "../../../src/vendors/http/UpstreamError.js";
import { classifyErrcode } from "../../../src/vendors/yunzhenji/envelope.js";
import { groupIdsOf, mapAccount, mapAccountsPage } from "../../../src/vendors/yunzhenji/map.js";
import { rawWechatListSchema } from "../../../src/vendors/yunzhenji/schemas.js";
import { refreshMarginMs } from "../../../src/vendors/yunzhenji/tokenManager.js";
import { YunzhenjiClient, type YunzhenjiClientOptions } from "../../../src/vendors/yunzhenji/YunzhenjiClient.js";
import { captureLogger } from "../../helpers/captureLogger.js";
import { expectNoSecrets, failure, fakeClock, scriptedFetch, type Override } from "../../helpers/vendors.js";
import { APP_ID, APP_SECRET, fakeYunzhenji } from "../../helpers/yunzhenjiFakes.js";

const BASE = "http://yzj.test/yunzhenji";
const fixtureText = readFileSync(new URL("../../fixtures/yunzhenji-wechat-list.json", import.meta.url), "utf8");

function setup(opts: { total?: number; ttl?: number; override?: Override; client?: Partial<YunzhenjiClientOptions> } = {}) {
  const clock = fakeClock();
  const logger = captureLogger();
  const fake = fakeYunzhenji({ clock, ...(opts.total === undefined ? {} : { total: opts.total }), ...(opts.ttl === undefined ? {} : { ttl: opts.ttl }), ...(opts.override ? { override: opts.override } : {}) });
  const client = new YunzhenjiClient({ baseUrl: BASE, appId: APP_ID, appSecret: APP_SECRET, fetch: fake.fetch, clock, logger, random: () => 0, ...opts.client });
  return { clock, logger, client, ...fake };
}

describe("yunzhenji fixture (the vendor's own sample, docs/vendors/yunzhenji.md)", () => {
  it("decodes and maps the sample row and pager", () => {
    const raw = rawWechatListSchema.parse(JSON.parse(fixtureText));
    const page = mapAccountsPage(raw, { page: 1, pageSize: 10 });
    expect(page).toMatchObject({ page: 1, pageSize: 10, total: 54, totalPages: 6 });
    expect(page.rows).toHaveLength(1);
    expect(page.rows[0]).toEqual({
      id: 199,
      wxid: "xxxxxxx",
      nickname: "xxxxx",
      fullName: "xxxxxx",
      alias: null,
      avatarUrl: "https://wework.qpic.cn/bizmail/nSlfpbgLxHcbb63BAwU1ib4xLUjVQlMSpIia8lcleNBPjo2c2DB5M0SA/0",
      mobile: "1360xxxxxxx",
      mobileKey: null,
      subUserId: 0,
      groupIds: [],
      vendorCorpId: 2,
      vendorCorp: {
        id: 2,
        name: "xxxxxx",
        shortName: "xxxxx",
        wxid: "xxxxx",
        remark: null,
        legalPersonName: "xxxx",
        verifyType: 2,
        createdAt: new Date("2021-09-09T08:23:00Z"),
        updatedAt: new Date("2021-11-18T05:28:52Z"),
      },
      online: true,
      lastLoginAt: new Date("2021-11-19T03:11:06Z"),
      lastOfflineAt: null,
      createdAt: new Date("2021-11-19T03:11:06Z"),
      updatedAt: new Date("2021-11-19T03:11:06Z"),
    });
  });

  it("is what the client returns when the vendor answers with it", async () => {
    const { fetch } = scriptedFetch((call) =>
      call.url.pathname.endsWith("/oauth/token") ? { body: { errcode: 0, data: { access_token: "t0ken-abc", expires_in: 7200 } } } : { text: fixtureText },
    );
    const client = new YunzhenjiClient({ baseUrl: BASE, appId: APP_ID, appSecret: APP_SECRET, fetch });
    const page = await client.listAccountsPage({ page: 1, pageSize: 10 });
    expect(page.total).toBe(54);
    expect(page.rows[0]?.lastLoginAt?.toISOString()).toBe("2021-11-19T03:11:06.000Z");
  });
});

describe("yunzhenji schema quirks", () => {
  const row = (patch: Record<string, unknown>) => ({ ...JSON.parse(fixtureText).data[0], ...patch });
  const parse = (r: unknown) => rawWechatListSchema.parse({ errcode: 0, data: [r], pager: { page: 1, perPage: 10, numRecords: 1, numPages: 1, firstRecord: 0, lastRecord: 0 } });

  it("reads numbers sent as numeric strings", () => {
    const raw = parse(row({ id: "199", corp_id: "2", online: "0", last_login_time: "1637291466", last_offline_time: "0", sub_user_id: "3" }));
    const a = mapAccount(raw.data![0]!);
    expect(a).toMatchObject({ id: 199, vendorCorpId: 2, online: false, subUserId: 3, lastOfflineAt: null });
    expect(a.lastLoginAt?.toISOString()).toBe("2021-11-19T03:11:06.000Z");
  });

  it("reads group_id as int 0, \"0\", a comma string or null", () => {
    expect(groupIdsOf(0)).toEqual([]);
    expect(groupIdsOf("0")).toEqual([]);
    expect(groupIdsOf("7")).toEqual([7]);
    expect(groupIdsOf("3,8")).toEqual([3, 8]);
    expect(groupIdsOf("3, 8,0")).toEqual([3, 8]);
    expect(groupIdsOf(null)).toEqual([]);
    expect(mapAccount(parse(row({ group_id: "1,5" })).data![0]!).groupIds).toEqual([1, 5]);
  });

  it("normalises mobiles and keeps masked ones for display only", () => {
    expect(mapAccount(parse(row({ mobile: "+86 138-1234-5678" })).data![0]!)).toMatchObject({ mobile: "13812345678", mobileKey: "13812345678" });
    expect(mapAccount(parse(row({ mobile: "" })).data![0]!)).toMatchObject({ mobile: null, mobileKey: null });
    expect(mapAccount(parse(row({ mobile: null, nickname: null, corp: null })).data![0]!)).toMatchObject({ mobile: null, nickname: null, vendorCorp: null });
  });

  it("maps each corp of a page once, unless the vendor sent it differently", () => {
    const one = JSON.parse(fixtureText).data[0];
    const account = (id: number, corp: object) => ({ ...one, id, corp: { ...one.corp, ...corp } });
    const raw = rawWechatListSchema.parse({
      errcode: 0,
      data: [account(1, {}), account(2, {}), account(3, { name: "renamed" }), account(4, { id: 99 })],
      pager: { page: 1, perPage: 10, numRecords: 4, numPages: 1, firstRecord: 0, lastRecord: 3 },
    });
    const [a, b, c, d] = mapAccountsPage(raw, { page: 1, pageSize: 10 }).rows;
    expect(b!.vendorCorp).toBe(a!.vendorCorp);
    expect(c!.vendorCorp).not.toBe(a!.vendorCorp);
    expect(c!.vendorCorp).toEqual({ ...a!.vendorCorp, name: "renamed" });
    expect(d!.vendorCorp).toEqual({ ...a!.vendorCorp, id: 99 });
    expect(a!.vendorCorp).toEqual(mapAccount(raw.data![0]!).vendorCorp);
  });

  it("accepts data: null as an empty page", () => {
    const raw = rawWechatListSchema.parse({ errcode: 0, data: null, pager: { page: 3, perPage: 10, numRecords: 20, numPages: 2, firstRecord: 20, lastRecord: 19 } });
    expect(mapAccountsPage(raw, { page: 3, pageSize: 10 }).rows).toEqual([]);
  });

  it("rejects a structurally broken payload naming the first bad path", () => {
    const transport = new Transport({ vendor: "yunzhenji", baseUrl: BASE });
    const req = { endpoint: "wechat/list", method: "GET" as const, path: "/wechat/list", query: { access_token: "tok-secret-1" } };
    const bad = (body: unknown) => {
      try {
        decode(rawWechatListSchema, body, { transport, req });
      } catch (error) {
        return error as UpstreamError;
      }
      throw new Error("expected a decoding failure");
    };
    const base = JSON.parse(fixtureText);
    let e = bad({ ...base, data: [{ ...base.data[0], wxid: undefined }] });
    expect(e.code).toBe("UPSTREAM_ERROR");
    expect(e.message).toBe("yunzhenji wechat/list: data[0].wxid: expected a string, received undefined");
    expect(e.request?.url).not.toContain("tok-secret-1");
    e = bad({ ...base, data: [{ ...base.data[0], id: { n: 1 } }] });
    expect(e.message).toBe("yunzhenji wechat/list: data[0].id: expected an integer or a numeric string, received object");
    e = bad({ ...base, data: { rows: [] } });
    expect(e.message).toMatch(/^yunzhenji wechat\/list: data: expected array, received object/);
    e = bad({ errcode: 0, data: [] });
    expect(e.message).toMatch(/^yunzhenji wechat\/list: pager: expected object, received undefined/);
    e = bad({ ...base, data: [{ ...base.data[0], group_id: { a: 1 } }] });
    expect(e.message).toContain("data[0].group_id: expected a comma-separated string of group ids or an integer");
  });
});

describe("YunzhenjiClient options", () => {
  const ok = { baseUrl: BASE, appId: APP_ID, appSecret: APP_SECRET };
  it("refuses bad options with a TypeError that shows the bad value", () => {
    expect(() => new YunzhenjiClient({ baseUrl: BASE, appId: APP_ID })).toThrow(new TypeError("yunzhenji: give exactly one of appSecret (token flow) or accessToken (fixed token), got neither"));
    expect(() => new YunzhenjiClient({ ...ok, accessToken: "abcd1234" })).toThrow(/got both/);
    expect(() => new YunzhenjiClient({ ...ok, pageSize: 101 })).toThrow(new TypeError("yunzhenji: pageSize must be an integer in 1..100, got 101"));
    expect(() => new YunzhenjiClient({ ...ok, pageSize: 0 })).toThrow(/got 0$/);
    expect(() => new YunzhenjiClient({ ...ok, baseUrl: "ftp://x" })).toThrow(/baseUrl must be an http\(s\) URL, got "ftp:\/\/x"/);
    expect(() => new YunzhenjiClient({ ...ok, appId: "" })).toThrow(/appId must be a non-empty string, got ""/);
    expect(() => new YunzhenjiClient({ ...ok, retries: 3 })).toThrow(/retries must be an integer in 0..2, got 3/);
    expect(() => new YunzhenjiClient({ ...ok, timeoutMs: -5 })).toThrow(/timeoutMs must be a positive number, got -5/);
  });

  it("never shows a secret in an option error", () => {
    try {
      new YunzhenjiClient({ ...ok, appSecret: " " });
    } catch (error) {
      expect((error as Error).message).toBe("yunzhenji: appSecret must be a non-empty string, got a string of 1 characters");
    }
  });

  it("refuses page sizes above the vendor's maximum instead of clamping", async () => {
    const { client, calls } = setup();
    await expect(client.listAccountsPage({ page: 1, pageSize: 101 })).rejects.toThrow(new TypeError("yunzhenji: pageSize must be an integer in 1..100, got 101"));
    await expect(client.listAccountsPage({ page: 0, pageSize: 10 })).rejects.toThrow(/page must be an integer >= 1, got 0/);
    expect(() => client.accounts({ pageSize: 500 })).toThrow(TypeError);
    expect(calls).toHaveLength(0);
  });
});

describe("YunzhenjiClient token flow", () => {
  it("fetches a token with JSON client credentials and sends it on the list", async () => {
    const { client, calls } = setup();
    const page = await client.listAccountsPage({ online: true, page: 1, pageSize: 5 });
    expect(page).toMatchObject({ page: 1, pageSize: 5, total: 7, totalPages: 2 });
    expect(calls[0]).toMatchObject({ method: "POST", body: { app_id: APP_ID, app_secret: APP_SECRET, grant_type: "client_credentials" } });
    expect(calls[0]!.url.pathname).toBe("/yunzhenji/oauth/token");
    const q = Object.fromEntries(calls[1]!.url.searchParams);
    expect(calls[1]!.url.pathname).toBe("/yunzhenji/wechat/list");
    expect(q).toEqual({ app_id: APP_ID, access_token: "tok-1-abcdef", online: "1", page: "1", page_size: "5" });
  });

  it("reuses the token until shortly before it expires, then refreshes ahead of expiry", async () => {
    const { client, counts, clock } = setup();
    await client.listAccountsPage({ page: 1, pageSize: 5 });
    await client.listAccountsPage({ page: 2, pageSize: 5 });
    expect(counts).toEqual({ token: 1, list: 2 });
    clock.advance(7200_000 - 61_000);
    await client.listAccountsPage({ page: 1, pageSize: 5 });
    expect(counts.token).toBe(1);
    clock.advance(2_000); // now 59 s before expiry: inside the 60 s margin
    await client.listAccountsPage({ page: 1, pageSize: 5 });
    expect(counts).toEqual({ token: 2, list: 4 });
  });

  it("uses a margin of 10% for short-lived tokens", () => {
    expect(refreshMarginMs(7200)).toBe(60_000);
    expect(refreshMarginMs(10)).toBe(1_000);
  });

  it("shares one refresh among concurrent calls", async () => {
    const { client, counts } = setup();
    await Promise.all(Array.from({ length: 6 }, (_, i) => client.listAccountsPage({ page: (i % 2) + 1, pageSize: 5 })));
    expect(counts).toEqual({ token: 1, list: 6 });
  });

  it("refreshes once and retries on 110/111/112, concurrent rejections included", async () => {
    for (const errcode of [110, 111, 112]) {
      let rejected = 0;
      const { client, counts } = setup({
        override: (call) => {
          if (call.url.pathname.endsWith("/wechat/list") && call.url.searchParams.get("access_token") === "tok-1-abcdef") {
            rejected++;
            return { body: { errcode, message: "token problem" } };
          }
          return undefined;
        },
      });
      await client.listAccountsPage({ page: 1, pageSize: 5 });
      expect(counts).toEqual({ token: 2, list: 2 });
      await Promise.all([1, 2, 1].map((page) => client.listAccountsPage({ page, pageSize: 5 })));
      expect(counts.token).toBe(2);
      expect(rejected).toBe(1);
    }
  });

  it("concurrent calls rejected with the same stale token cause one refresh", async () => {
    let stale = false;
    const { client, counts } = setup({
      override: (call) =>
        stale && call.url.pathname.endsWith("/wechat/list") && call.url.searchParams.get("access_token") === "tok-1-abcdef"
          ? { body: { errcode: 111, message: "access_token已过期" } }
          : undefined,
    });
    await client.listAccountsPage({ page: 1, pageSize: 5 });
    // The vendor drops the token early (its clock runs ahead of ours): every holder of it gets 111 at once.
    stale = true;
    const pages = await Promise.all(Array.from({ length: 5 }, () => client.listAccountsPage({ page: 2, pageSize: 5 })));
    expect(pages.map((p) => p.rows.length)).toEqual([2, 2, 2, 2, 2]);
    expect(counts).toEqual({ token: 2, list: 1 + 5 + 5 });
  });

  it("gives up with UPSTREAM_UNAUTHORIZED when the fresh token is rejected too", async () => {
    const { client, counts } = setup({ override: (call) => (call.url.pathname.endsWith("/wechat/list") ? { body: { errcode: 111, message: "access_token已过期" } } : undefined) });
    const e = await failure(client.listAccountsPage({ page: 1, pageSize: 5 }));
    expect(e).toMatchObject({ code: "UPSTREAM_UNAUTHORIZED", vendor: "yunzhenji", endpoint: "wechat/list", vendorCode: 111, vendorMessage: "access_token已过期", retryable: false });
    expect(e.message).toBe("yunzhenji wechat/list: errcode 111 (access token expired): access_token已过期");
    expect(counts).toEqual({ token: 2, list: 2 });
  });

  it("with a fixed accessToken, 110-112 are final and no token is requested", async () => {
    for (const errcode of [110, 111, 112]) {
      const { fetch, calls } = scriptedFetch(() => ({ body: { errcode, message: "nope" } }));
      const client = new YunzhenjiClient({ baseUrl: BASE, appId: APP_ID, accessToken: "fixed-token-777", fetch, clock: fakeClock() });
      const e = await failure(client.listAccountsPage({ page: 1, pageSize: 5 }));
      expect(e.code).toBe("UPSTREAM_UNAUTHORIZED");
      expect(calls).toHaveLength(1);
      expect(calls[0]!.url.searchParams.get("access_token")).toBe("fixed-token-777");
      expectNoSecrets([e.message, e, e.request], ["fixed-token-777"]);
    }
  });

  it("a rejected app secret is UPSTREAM_UNAUTHORIZED from the token endpoint, not retried", async () => {
    const { client, counts } = setup({ override: (call) => (call.url.pathname.endsWith("/oauth/token") ? { body: { errcode: 102, message: "app_secret错误" } } : undefined) });
    const e = await failure(client.listAccountsPage({ page: 1, pageSize: 5 }));
    expect(e).toMatchObject({ code: "UPSTREAM_UNAUTHORIZED", endpoint: "oauth/token", vendorCode: 102 });
    expect(counts).toEqual({ token: 1, list: 0 });
    expect(JSON.stringify(e)).not.toContain(APP_SECRET);
    expect(e.request?.body).toEqual({ app_id: APP_ID, app_secret: "[REDACTED]", grant_type: "client_credentials" });
  });
});

describe("yunzhenji error envelopes, retries and timeouts", () => {
  const cases: [number, string, boolean][] = [
    [101, "UPSTREAM_UNAUTHORIZED", false],
    [102, "UPSTREAM_UNAUTHORIZED", false],
    [103, "UPSTREAM_UNAUTHORIZED", false],
    [110, "UPSTREAM_UNAUTHORIZED", false],
    [111, "UPSTREAM_UNAUTHORIZED", false],
    [112, "UPSTREAM_UNAUTHORIZED", false],
    [113, "UPSTREAM_UNAUTHORIZED", false],
    [114, "UPSTREAM_UNAUTHORIZED", false],
    [405, "UPSTREAM_ERROR", false],
    [406, "UPSTREAM_ERROR", false],
    [407, "UPSTREAM_RATE_LIMITED", false],
    [1001, "UPSTREAM_ERROR", true],
    [9999, "UPSTREAM_ERROR", false],
  ];
  it.each(cases)("errcode %i -> %s (retryable %s)", async (errcode, code, retryable) => {
    expect(classifyErrcode(errcode)).toEqual({ code, retryable });
    const { client, counts } = setup({ override: (call) => (call.url.pathname.endsWith("/wechat/list") ? { body: { errcode, message: `m${errcode}` } } : undefined) });
    const e = await failure(client.listAccountsPage({ page: 1, pageSize: 5 }));
    expect(e).toMatchObject({ code, retryable, vendorCode: errcode, vendorMessage: `m${errcode}`, status: 200 });
    // 1001 is retried twice; 110-112 get one refresh and one more try; the rest are final.
    const expected = retryable ? 3 : errcode >= 110 && errcode <= 112 ? 2 : 1;
    expect(counts.list).toBe(expected);
  });

  it("retries transient failures at most twice with backoff: 2 failures then success = 3 requests", async () => {
    const { client, counts, clock, logger } = setup({
      client: { retryBaseDelayMs: 10 },
      override: (call, calls) => (call.url.pathname.endsWith("/wechat/list") && calls.filter((c) => c.url.pathname.endsWith("/wechat/list")).length <= 2 ? { status: 502, text: "bad gateway" } : undefined),
    });
    const page = await client.listAccountsPage({ page: 1, pageSize: 5 });
    expect(page.rows).toHaveLength(5);
    expect(counts.list).toBe(3);
    expect(clock.sleeps).toEqual([10, 20]);
    expect(logger.lines.filter((l) => l.level === "warn")).toHaveLength(2);
  });

  it("stops after 3 attempts when the failure persists", async () => {
    const { client, counts } = setup({ override: (call) => (call.url.pathname.endsWith("/wechat/list") ? { status: 500, text: "oops" } : undefined) });
    const e = await failure(client.listAccountsPage({ page: 1, pageSize: 5 }));
    expect(e).toMatchObject({ code: "UPSTREAM_ERROR", status: 500, retryable: true });
    expect(counts.list).toBe(3);
  });

  it("honours retries: 0", async () => {
    const { client, counts } = setup({ client: { retries: 0 }, override: (call) => (call.url.pathname.endsWith("/wechat/list") ? { status: 500, text: "oops" } : undefined) });
    await failure(client.listAccountsPage({ page: 1, pageSize: 5 }));
    expect(counts.list).toBe(1);
  });

  it("does not retry HTTP 4xx, 401 or 429", async () => {
    for (const [status, code] of [[400, "UPSTREAM_ERROR"], [401, "UPSTREAM_UNAUTHORIZED"], [403, "UPSTREAM_UNAUTHORIZED"], [429, "UPSTREAM_RATE_LIMITED"]] as const) {
      const { client, counts } = setup({ override: (call) => (call.url.pathname.endsWith("/wechat/list") ? { status, text: "{}" } : undefined) });
      const e = await failure(client.listAccountsPage({ page: 1, pageSize: 5 }));
      expect(e).toMatchObject({ code, status });
      expect(counts.list).toBe(1);
    }
  });

  it("times out with UPSTREAM_TIMEOUT", async () => {
    const { client, counts } = setup({ client: { timeoutMs: 30, retries: 1 }, override: (call) => (call.url.pathname.endsWith("/wechat/list") ? "hang" : undefined) });
    const e = await failure(client.listAccountsPage({ page: 1, pageSize: 5 }));
    expect(e).toMatchObject({ code: "UPSTREAM_TIMEOUT", retryable: true });
    expect(e.message).toBe("yunzhenji wechat/list did not answer within 30 ms");
    expect(counts.list).toBe(2);
  });

  it("reports malformed JSON as UPSTREAM_ERROR", async () => {
    const { client } = setup({ override: (call) => (call.url.pathname.endsWith("/wechat/list") ? { text: '{"errcode":0,"data":[{"id":1' } : undefined) });
    const e = await failure(client.listAccountsPage({ page: 1, pageSize: 5 }));
    expect(e.code).toBe("UPSTREAM_ERROR");
    expect(e.message).toMatch(/^yunzhenji wechat\/list answered with malformed JSON/);
  });

  it("reports a structurally wrong payload as UPSTREAM_ERROR naming the path", async () => {
    const { client, counts } = setup({ override: (call) => (call.url.pathname.endsWith("/wechat/list") ? { body: { errcode: 0, data: [{ id: 1, wxid: ["x"], corp_id: 2 }], pager: { page: 1, perPage: 5, numRecords: 1, numPages: 1 } } } : undefined) });
    const e = await failure(client.listAccountsPage({ page: 1, pageSize: 5 }));
    expect(e).toMatchObject({ code: "UPSTREAM_ERROR", retryable: false, status: 200 });
    expect(e.message).toBe("yunzhenji wechat/list: data[0].wxid: expected a string, received array");
    expect(counts.list).toBe(1);
  });

  it("reports an answer without errcode as UPSTREAM_ERROR", async () => {
    const { client } = setup({ override: (call) => (call.url.pathname.endsWith("/wechat/list") ? { body: ["nope"] } : undefined) });
    const e = await failure(client.listAccountsPage({ page: 1, pageSize: 5 }));
    expect(e.message).toBe("yunzhenji wechat/list: (body): expected object, received array");
  });
});

describe("yunzhenji iteration", () => {
  it("walks every page with the default page size 100 and stops at the last page", async () => {
    const { client, counts, calls, rows } = setup({ total: 250 });
    const ids: number[] = [];
    for await (const a of client.accounts()) ids.push(a.id);
    expect(ids).toEqual(rows.map((r) => r.id));
    expect(counts.list).toBe(3);
    expect(calls.filter((c) => c.url.pathname.endsWith("/wechat/list")).map((c) => c.url.searchParams.get("page_size"))).toEqual(["100", "100", "100"]);
  });

  it("uses a page size that does not divide the total", async () => {
    const { client, counts } = setup({ total: 23 });
    const pages = [];
    for await (const p of client.accountPages({ pageSize: 5, online: false })) pages.push(p);
    expect(pages.map((p) => p.rows.length)).toEqual([5, 5, 5, 5, 3]);
    expect(pages.every((p) => p.total === 23 && p.totalPages === 5)).toBe(true);
    expect(counts.list).toBe(5);
  });

  it("stops on an empty page even if the pager over-reports", async () => {
    const { client, counts } = setup({
      override: (call) => {
        if (!call.url.pathname.endsWith("/wechat/list")) return undefined;
        const page = Number(call.url.searchParams.get("page"));
        const data = page === 1 ? [{ id: 1, wxid: "a", corp_id: 2 }] : [];
        return { body: { errcode: 0, data, pager: { page, perPage: 1, numRecords: 1000, numPages: 1000, firstRecord: 0, lastRecord: 0 } } };
      },
    });
    const all = [];
    for await (const a of client.accounts({ pageSize: 1 })) all.push(a);
    expect(all).toHaveLength(1);
    expect(counts.list).toBe(2);
  });

  it("yields nothing for an empty list", async () => {
    const { client, counts } = setup({ total: 0 });
    const all = [];
    for await (const a of client.accounts()) all.push(a);
    expect(all).toEqual([]);
    expect(counts.list).toBe(1);
  });
});

describe("yunzhenji secrets", () => {
  it("keeps the app secret and tokens out of errors and logs", async () => {
    const issuedToken = "tok-1-abcdef";
    const { client, logger } = setup({
      override: (call) => (call.url.pathname.endsWith("/wechat/list") ? { body: { errcode: 406, message: `bad parameter access_token=${issuedToken} secret ${APP_SECRET}` } } : undefined),
    });
    const e = await failure(client.listAccountsPage({ page: 1, pageSize: 5 }));
    expect(e.request?.url).toContain("access_token=%5BREDACTED%5D");
    expectNoSecrets([e.message, e.vendorMessage, JSON.stringify(e), String(e), e.stack, logger.lines], [issuedToken, APP_SECRET]);
  });

  it("keeps the token out of a network error that quotes the URL", async () => {
    const { client, logger } = setup({
      client: { retries: 1 },
      override: (call) => (call.url.pathname.endsWith("/wechat/list") ? Object.assign(new Error(`request to ${call.url.toString()} failed, reason: connect ECONNREFUSED`), { code: "ECONNREFUSED" }) : undefined),
    });
    const e = await failure(client.listAccountsPage({ page: 1, pageSize: 5 }));
    expect(e).toMatchObject({ code: "UPSTREAM_ERROR", retryable: true });
    expect(e.message).toContain("access_token=[REDACTED]");
    expect((e.cause as { code?: string }).code).toBe("ECONNREFUSED");
    expectNoSecrets([e.message, JSON.stringify(e), (e.cause as Error).message, (e.cause as Error).stack, logger.lines], ["tok-1-abcdef", APP_SECRET]);
  });
});
