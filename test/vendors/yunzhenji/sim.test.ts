// YunzhenjiClient against the real yunzhenji simulator (src/simulators), values from its dataset.
import { describe, expect, it } from "vitest";
import { SIM_CREDENTIALS } from "../../../src/simulators/credentials.js";
import type { SimAccount } from "../../../src/simulators/dataset.js";
import type { WeComAccount } from "../../../src/domain/types.js";
import type { UpstreamError } from "../../../src/vendors/http/UpstreamError.js";
import { YunzhenjiClient, type YunzhenjiClientOptions } from "../../../src/vendors/yunzhenji/YunzhenjiClient.js";
import { captureLogger } from "../../helpers/captureLogger.js";
import { expectNoSecrets, failure, fakeClock, HTTP_FAULTS, recordingFetch, simulatorsForFile, type FaultCase } from "../../helpers/vendors.js";

/** One virtual clock for the simulator and the client: token lifetimes pass without waiting. */
const clock = fakeClock(Date.UTC(2024, 5, 1, 8, 0, 0));
const sim = await simulatorsForFile({ clock });

const { appId, appSecret } = SIM_CREDENTIALS.yunzhenji;
const accounts = [...sim.dataset.accounts].sort((a, b) => a.id - b.id);
/** Every access token the client sent, so the tests can look for it where it must not be. */
const { fetch: sendingFetch, seen: sentTokens } = recordingFetch((url) => new URL(url).searchParams.get("access_token"));

function client(options: Partial<YunzhenjiClientOptions> = {}) {
  const logger = captureLogger();
  const c = new YunzhenjiClient({ baseUrl: `${sim.url}/yunzhenji`, appId, appSecret, clock, logger, fetch: sendingFetch, retryBaseDelayMs: 1, ...options });
  return Object.assign(c, { captured: logger });
}

const stats = () => sim.stats().yunzhenji;

/** The account as the contract wants it, derived from the dataset without the client's code. */
function expectedAccount(a: SimAccount): WeComAccount {
  const corp = sim.dataset.corps.find((c) => c.yzjCorpId === a.yzjCorpId)!;
  const masked = /x/i.test(a.mobile);
  const digits = a.mobile.replace(/[\s-]/g, "").replace(/^\+86/, "");
  const date = (s: number) => (s > 0 ? new Date(s * 1000) : null);
  return {
    id: a.id,
    wxid: a.wxid,
    nickname: a.nickname || null,
    fullName: a.fullName || null,
    alias: a.alias || null,
    avatarUrl: a.avatar || null,
    mobile: masked ? a.mobile : digits,
    mobileKey: masked ? null : digits,
    subUserId: a.subUserId,
    groupIds: a.groupId === "0" ? [] : a.groupId.split(",").map(Number),
    vendorCorpId: a.yzjCorpId,
    vendorCorp: {
      id: corp.yzjCorpId,
      name: corp.name,
      shortName: corp.shortName,
      wxid: corp.wxid,
      remark: null,
      legalPersonName: corp.legalPersonName,
      verifyType: corp.verifyType,
      createdAt: date(corp.ctime),
      updatedAt: date(corp.utime),
    },
    online: a.online === 1,
    lastLoginAt: date(a.lastLoginTime),
    lastOfflineAt: date(a.lastOfflineTime),
    createdAt: date(a.ctime),
    updatedAt: date(a.utime),
  };
}

describe("yunzhenji client on the simulator: data", () => {
  it("iterates every account with the default page size (100), in id order, exactly", async () => {
    const c = client();
    const got: WeComAccount[] = [];
    for await (const a of c.accounts()) got.push(a);
    expect(accounts.length).toBeGreaterThan(100);
    expect(got).toHaveLength(accounts.length);
    expect(got[0]).toEqual(expectedAccount(accounts[0]!));
    expect(got.at(-1)).toEqual(expectedAccount(accounts.at(-1)!));
    expect(got).toEqual(accounts.map(expectedAccount));
    expect(stats()).toEqual({ "oauth/token": 1, "wechat/list": Math.ceil(accounts.length / 100) });
  });

  it("links accounts to their owners by mobile key, and masked mobiles to nobody", async () => {
    const c = client();
    const byId = new Map<number, WeComAccount>();
    for await (const a of c.accounts()) byId.set(a.id, a);
    for (const a of accounts) {
      const mapped = byId.get(a.id)!;
      if (a.ownerUserId) {
        const owner = sim.dataset.employees.find((e) => e.userId === a.ownerUserId && sim.dataset.corps.find((k) => k.corpId === e.corpId)?.yzjCorpId === a.yzjCorpId)!;
        expect(mapped.mobileKey).toBe(owner.mobile);
      } else if (/x/.test(a.mobile)) {
        expect(mapped.mobileKey).toBeNull();
      }
    }
  });

  it("pages with a size that does not divide the total", async () => {
    const c = client();
    const size = 7;
    expect(accounts.length % size).not.toBe(0);
    const pages = [];
    for await (const p of c.accountPages({ pageSize: size })) pages.push(p);
    const n = Math.ceil(accounts.length / size);
    expect(pages).toHaveLength(n);
    expect(pages.every((p) => p.total === accounts.length && p.totalPages === n && p.pageSize === size)).toBe(true);
    expect(pages.at(-1)!.rows.map((r) => r.id)).toEqual(accounts.slice((n - 1) * size).map((a) => a.id));
    expect(pages.at(-1)!.rows).toHaveLength(accounts.length % size);
    expect(stats()["wechat/list"]).toBe(n);
  });

  it("filters online and offline accounts", async () => {
    const c = client();
    for (const online of [true, false]) {
      const ids: number[] = [];
      for await (const a of c.accounts({ online })) ids.push(a.id);
      expect(ids).toEqual(accounts.filter((a) => a.online === (online ? 1 : 0)).map((a) => a.id));
    }
    const page = await c.listAccountsPage({ online: true, page: 2, pageSize: 10 });
    const onlineAccounts = accounts.filter((a) => a.online === 1);
    expect(page).toMatchObject({ page: 2, pageSize: 10, total: onlineAccounts.length, totalPages: Math.ceil(onlineAccounts.length / 10) });
    expect(page.rows.map((r) => r.id)).toEqual(onlineAccounts.slice(10, 20).map((a) => a.id));
  });

  it("a page past the end is empty", async () => {
    const page = await client().listAccountsPage({ page: 999, pageSize: 100 });
    expect(page.rows).toEqual([]);
    expect(page.total).toBe(accounts.length);
  });
});

describe("yunzhenji client on the simulator: tokens", () => {
  it("refreshes ahead of expiry, observed in the counters (tokenTtlSeconds knob)", async () => {
    sim.setKnobs({ yunzhenji: { tokenTtlSeconds: 100 } });
    const c = client();
    await c.listAccountsPage({ page: 1, pageSize: 5 });
    expect(stats()).toEqual({ "oauth/token": 1, "wechat/list": 1 });
    clock.advance(89_000);
    await c.listAccountsPage({ page: 1, pageSize: 5 });
    expect(stats()).toEqual({ "oauth/token": 1, "wechat/list": 2 });
    // 10% of 100 s before expiry: refreshed before the vendor could say 111.
    clock.advance(2_000);
    await c.listAccountsPage({ page: 1, pageSize: 5 });
    expect(stats()).toEqual({ "oauth/token": 2, "wechat/list": 3 });
  });

  it("refreshes once and retries when the vendor forgets the token (110)", async () => {
    const c = client();
    await c.listAccountsPage({ page: 1, pageSize: 5 });
    sim.reset(); // forgets issued tokens and zeroes counters
    const page = await c.listAccountsPage({ page: 1, pageSize: 5 });
    expect(page.rows).toHaveLength(5);
    expect(stats()).toEqual({ "oauth/token": 1, "wechat/list": 2 });
  });

  it("refreshes once on an expired token (111), then gives up with UPSTREAM_UNAUTHORIZED", async () => {
    // expires_in 0: every token is expired on arrival, so the one refresh cannot help.
    sim.setKnobs({ yunzhenji: { tokenTtlSeconds: 0 } });
    const c = client();
    const e = await failure(c.listAccountsPage({ page: 1, pageSize: 5 }));
    expect(e).toMatchObject({ code: "UPSTREAM_UNAUTHORIZED", vendorCode: 111, endpoint: "wechat/list", retryable: false });
    expect(stats()).toEqual({ "oauth/token": 2, "wechat/list": 2 });
  });

  it("a one-off 111 costs one refresh and one more request", async () => {
    const c = client();
    await c.listAccountsPage({ page: 1, pageSize: 5 });
    sim.setKnobs({ yunzhenji: { failNext: 1, failWith: "111" } });
    await c.listAccountsPage({ page: 1, pageSize: 5 });
    expect(stats()).toEqual({ "oauth/token": 2, "wechat/list": 3 });
  });

  it("concurrent calls share one token request, and one refresh after the vendor forgets it", async () => {
    const c = client();
    await Promise.all(Array.from({ length: 8 }, (_, i) => c.listAccountsPage({ page: i + 1, pageSize: 10 })));
    expect(stats()).toEqual({ "oauth/token": 1, "wechat/list": 8 });
    sim.reset();
    await Promise.all(Array.from({ length: 8 }, (_, i) => c.listAccountsPage({ page: i + 1, pageSize: 10 })));
    expect(stats()).toEqual({ "oauth/token": 1, "wechat/list": 16 });
  });

  it("a wrong app secret is UPSTREAM_UNAUTHORIZED (102) from the token endpoint", async () => {
    const c = client({ appSecret: "not-the-secret" });
    const e = await failure(c.listAccountsPage({ page: 1, pageSize: 5 }));
    expect(e).toMatchObject({ code: "UPSTREAM_UNAUTHORIZED", vendorCode: 102, endpoint: "oauth/token" });
    expect(stats()).toEqual({ "oauth/token": 1, "wechat/list": 0 });
    expect(JSON.stringify(e)).not.toContain("not-the-secret");
  });

  it("a fixed accessToken the vendor does not know is final (110), nothing refreshed", async () => {
    const c = client({ appSecret: undefined, accessToken: "fixed-unknown-token" });
    const e = await failure(c.listAccountsPage({ page: 1, pageSize: 5 }));
    expect(e).toMatchObject({ code: "UPSTREAM_UNAUTHORIZED", vendorCode: 110 });
    expect(stats()).toEqual({ "oauth/token": 0, "wechat/list": 1 });
    expect(JSON.stringify(e) + e.message).not.toContain("fixed-unknown-token");
  });
});

describe("yunzhenji client on the simulator: failures", () => {
  const envelopeCases: FaultCase[] = [
    ["101", "UPSTREAM_UNAUTHORIZED", 1],
    ["102", "UPSTREAM_UNAUTHORIZED", 1],
    ["103", "UPSTREAM_UNAUTHORIZED", 1],
    ["113", "UPSTREAM_UNAUTHORIZED", 1],
    ["114", "UPSTREAM_UNAUTHORIZED", 1],
    ["405", "UPSTREAM_ERROR", 1],
    ["406", "UPSTREAM_ERROR", 1],
    ["407", "UPSTREAM_RATE_LIMITED", 1],
    ["1001", "UPSTREAM_ERROR", 3],
    ...HTTP_FAULTS,
  ];
  it.each(envelopeCases)("forceError %s on the list -> %s after %i request(s)", async (fault, code, requests) => {
    sim.setKnobs({ yunzhenji: { forceError: fault } });
    // The forced fault would answer the token endpoint too: a fixed token makes the list take it.
    const fixed = client({ appSecret: undefined, accessToken: "any-token-value" });
    const e = await failure(fixed.listAccountsPage({ page: 1, pageSize: 5 }));
    expect(e.code).toBe(code);
    expect(e.endpoint).toBe("wechat/list");
    if (/^\d+$/.test(fault)) expect(e.vendorCode).toBe(Number(fault));
    expect(stats()["wechat/list"]).toBe(requests);
  });

  it.each(["110", "111", "112"])("forceError %s: one refresh (which the fault also answers), then UPSTREAM_UNAUTHORIZED", async (fault) => {
    const c = client();
    await c.listAccountsPage({ page: 1, pageSize: 5 });
    sim.setKnobs({ yunzhenji: { forceError: fault } });
    const before = stats();
    const e = await failure(c.listAccountsPage({ page: 1, pageSize: 5 }));
    expect(e.code).toBe("UPSTREAM_UNAUTHORIZED");
    expect(e.vendorCode).toBe(Number(fault));
    // The list said 11x, the refresh was asked once and answered 11x too.
    expect(stats()["wechat/list"] - before["wechat/list"]).toBe(1);
    expect(stats()["oauth/token"] - before["oauth/token"]).toBe(1);
    expect(e.endpoint).toBe("oauth/token");
  });

  it("2 transient failures (failNext) then success = 3 requests", async () => {
    const c = client();
    await c.listAccountsPage({ page: 1, pageSize: 5 });
    const before = stats()["wechat/list"];
    sim.setKnobs({ yunzhenji: { failNext: 2 } });
    const page = await c.listAccountsPage({ page: 2, pageSize: 5 });
    expect(page.rows.map((r) => r.id)).toEqual(accounts.slice(5, 10).map((a) => a.id));
    expect(stats()["wechat/list"] - before).toBe(3);
  });

  it("rate limit (rateLimitPerMinute) -> UPSTREAM_RATE_LIMITED, not retried", async () => {
    const c = client();
    sim.setKnobs({ yunzhenji: { rateLimitPerMinute: 2 } });
    await c.listAccountsPage({ page: 1, pageSize: 5 }); // token + list = 2
    const e = await failure(c.listAccountsPage({ page: 1, pageSize: 5 }));
    expect(e).toMatchObject({ code: "UPSTREAM_RATE_LIMITED", vendorCode: 407, retryable: false });
    expect(stats()).toEqual({ "oauth/token": 1, "wechat/list": 2 });
  });

  it("timeout knob + small timeoutMs -> UPSTREAM_TIMEOUT, retried twice", async () => {
    const c = client();
    await c.listAccountsPage({ page: 1, pageSize: 5 });
    sim.setKnobs({ yunzhenji: { timeout: true } });
    const started = Date.now();
    const slow = client({ timeoutMs: 150 });
    const e = await failure(slow.listAccountsPage({ page: 1, pageSize: 5 }).then(() => undefined));
    expect(e.code).toBe("UPSTREAM_TIMEOUT");
    expect(e.message).toMatch(/did not answer within 150 ms/);
    expect(Date.now() - started).toBeLessThan(5_000);
    // the token request hung: 3 attempts at it
    expect(e.endpoint).toBe("oauth/token");
    expect(stats()["oauth/token"]).toBe(1 + 3);
    const fixed = client({ appSecret: undefined, accessToken: "any-token-value", timeoutMs: 100, retries: 1 });
    const e2 = await failure(fixed.listAccountsPage({ page: 1, pageSize: 5 }));
    expect(e2).toMatchObject({ code: "UPSTREAM_TIMEOUT", endpoint: "wechat/list", retryable: true });
    expect(stats()["wechat/list"]).toBe(1 + 2);
  });

  it("malformedJson knob -> UPSTREAM_ERROR that says so", async () => {
    const c = client();
    await c.listAccountsPage({ page: 1, pageSize: 5 });
    sim.setKnobs({ yunzhenji: { malformedJson: true } });
    const e = await failure(c.listAccountsPage({ page: 1, pageSize: 5 }));
    expect(e.code).toBe("UPSTREAM_ERROR");
    expect(e.message).toMatch(/^yunzhenji wechat\/list answered with malformed JSON/);
  });

  it("no secret in any error or log line", async () => {
    const c = client();
    const errors: UpstreamError[] = [];
    await c.listAccountsPage({ page: 1, pageSize: 5 });
    for (const fault of ["110", "406", "1001", "http500", "http401", "malformed"]) {
      sim.setKnobs({ yunzhenji: { forceError: fault } });
      errors.push(await failure(c.listAccountsPage({ page: 1, pageSize: 5 })));
    }
    sim.setKnobs({ yunzhenji: { forceError: null, timeout: true } });
    errors.push(await failure(client({ timeoutMs: 50, retries: 0 }).listAccountsPage({ page: 1, pageSize: 5 })));
    const closed = client({ baseUrl: "http://127.0.0.1:9/yunzhenji", accessToken: "fixed-token-for-closed-port", appSecret: undefined, retries: 0 });
    errors.push(await failure(closed.listAccountsPage({ page: 1, pageSize: 5 })));
    expect(sentTokens.size).toBeGreaterThan(0);
    const secrets = [appSecret, "fixed-token-for-closed-port", ...sentTokens];
    const seen = [
      ...errors.flatMap((e) => [e.message, JSON.stringify(e), String(e), e.stack ?? "", e.cause instanceof Error ? e.cause.message : ""]),
      JSON.stringify(c.captured.lines),
      JSON.stringify(closed.captured.lines),
    ];
    expectNoSecrets(seen, secrets);
  });
});
