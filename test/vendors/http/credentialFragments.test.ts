// A credential echoed in vendor text must never reach a client or a log line, not even in part.
// Every place that quotes vendor text cuts it (the head of a body that is not JSON, an envelope's
// message, shiheng's traceId and code, a zod complaint); each test puts a credential across that
// cut and then looks for any 4-character piece of it in everything a person could read.
import { z } from "zod";
import { describe, expect, it } from "vitest";
import { createApp } from "../../../src/server/app.js";
import { configSchema } from "../../../src/server/config.js";
import { DirectoryClient } from "../../../src/vendors/directory/DirectoryClient.js";
import { decode } from "../../../src/vendors/http/decode.js";
import { quoteVendorText, VENDOR_TEXT_MAX_CHARS } from "../../../src/vendors/http/quoteVendorText.js";
import { BODY_HEAD_CHARS, Transport, VENDOR_CODE_MAX_CHARS } from "../../../src/vendors/http/transport.js";
import type { UpstreamError } from "../../../src/vendors/http/UpstreamError.js";
import { ShihengClient } from "../../../src/vendors/shiheng/ShihengClient.js";
import { YunzhenjiClient } from "../../../src/vendors/yunzhenji/YunzhenjiClient.js";
import { YunzhongClient } from "../../../src/vendors/yunzhong/YunzhongClient.js";
import { captureLogger } from "../../helpers/captureLogger.js";
import { failure, fakeClock, scriptedFetch, type Answer, type Call } from "../../helpers/vendors.js";

// Mixed-case, 32 characters like yunzhenji's tokens: no 4-character piece of them occurs by chance
// in our own wording, so any piece found in the output came from the credential.
const TOKEN = "Zq7KvXw2Lm9RtY4pBn6HsJ3dFg8CcE5u";
const APP_SECRET = "Wy3NcQ8uHr5TbM2kVx7GpL4sJd9FzA6e";
const SH_SECRET = "Hb5WmR2xQt8LcN4vZk7YpF3gJs6DaU9e";
const SESSION = "Kp4XrT8vNc2QwL7mBz5HsY9gFd3JuE6a";
const BEARER = "Rm6TzW3qLx8NcV5pKb2YhG7sJf4DuA9e";

/** Every 4-character window of `secret` found in `text`; a longer fragment always contains one. */
function fragments(text: string, secret: string): string[] {
  const found: string[] = [];
  for (let i = 0; i + 4 <= secret.length; i++) {
    const piece = secret.slice(i, i + 4);
    if (text.includes(piece)) found.push(piece);
  }
  return found;
}

function expectNoFragments(texts: unknown[], secrets: readonly string[]): void {
  const all = texts.map((t) => (typeof t === "string" ? t : JSON.stringify(t))).join("\n");
  for (const secret of secrets) expect(fragments(all, secret), `pieces of ${secret.slice(0, 3)}… in:\n${all}`).toEqual([]);
}

/** Everything of an error a client or an operator can read. */
function visible(error: UpstreamError): unknown[] {
  return [error.message, error.vendorMessage, error.traceId, error.vendorCode, error.toJSON(), (error.cause as Error | undefined)?.message];
}

/** `secret` placed so that it starts before char `cut` and ends after it. */
function across(cut: number, secret: string, after = " and more text after it"): string {
  const text = `${".".repeat(cut - 10)}${secret}${after}`;
  expect(text.indexOf(secret)).toBeLessThan(cut);
  expect(text.indexOf(secret) + secret.length).toBeGreaterThan(cut);
  return text;
}

describe("quoteVendorText: scrub first, cut after", () => {
  const scrub = (text: string) => text.split(TOKEN).join("[REDACTED]");

  it("removes a credential that straddles the cut instead of cutting it in half", () => {
    const text = across(40, TOKEN);
    expect(quoteVendorText(text, scrub, 40)).toBe(`${".".repeat(30)}…`);
    expect(fragments(quoteVendorText(text, scrub, 40), TOKEN)).toEqual([]);
  });

  it("keeps short text whole, cuts long text to the limit with an ellipsis, and quoting twice changes nothing", () => {
    expect(quoteVendorText("签名错误", scrub, 40)).toBe("签名错误");
    const once = quoteVendorText("x".repeat(300), scrub);
    expect(once).toBe(`${"x".repeat(VENDOR_TEXT_MAX_CHARS - 1)}…`);
    expect(quoteVendorText(once, scrub)).toBe(once);
  });

  it("never leaves half a [REDACTED] mark or half a surrogate pair", () => {
    expect(quoteVendorText(`${"a".repeat(25)}${TOKEN}tail`, scrub, 30)).toBe(`${"a".repeat(25)}…`);
    expect(quoteVendorText(`${"a".repeat(28)}😀bc`, scrub, 30)).toBe(`${"a".repeat(28)}…`);
  });

  it("the Transport's scrub also catches credentials it was never told about, by the name they go under", () => {
    const transport = new Transport({ vendor: "yunzhenji", baseUrl: "http://yzj.test" });
    expect(transport.quote(`PHP Notice: bad access_token=${TOKEN} in /var/www`)).toBe("PHP Notice: bad access_token=[REDACTED] in /var/www");
    expect(transport.quote(`{"code":1,"data":{"app_secret" : "${APP_SECRET}","x":1}}`)).toBe('{"code":1,"data":{"app_secret" : "[REDACTED]","x":1}}');
  });

  it("refuses a limit that is not a positive integer, showing it", () => {
    expect(() => quoteVendorText("x", scrub, 0)).toThrow(new RangeError("quoteVendorText: maxChars must be a positive integer, got 0"));
  });
});

describe("a body that is not JSON, with a credential across the quoted head (char 40)", () => {
  it("yunzhenji: the learnt access token and the app secret", async () => {
    for (const secret of [TOKEN, APP_SECRET]) {
      const logger = captureLogger();
      const { fetch } = scriptedFetch((call) =>
        call.url.pathname.endsWith("/oauth/token") ? { body: { errcode: 0, data: { access_token: TOKEN, expires_in: 7200 } } } : { text: across(BODY_HEAD_CHARS, secret) },
      );
      const client = new YunzhenjiClient({ baseUrl: "http://yzj.test", appId: "app", appSecret: APP_SECRET, fetch, logger, clock: fakeClock(), random: () => 0 });
      const error = await failure(client.listAccountsPage({ page: 1, pageSize: 10 }));
      expect(error.code).toBe("UPSTREAM_ERROR");
      // The [REDACTED] mark itself would cross the cut, so the quote ends before it.
      expect(error.message).toBe(`yunzhenji wechat/list answered with malformed JSON (${across(BODY_HEAD_CHARS, secret).length} bytes, starting "${".".repeat(30)}…")`);
      expectNoFragments([...visible(error), ...logger.texts()], [TOKEN, APP_SECRET]);
    }
  });

  it("yunzhenji: a fixed accessToken", async () => {
    const { fetch } = scriptedFetch(() => ({ text: across(BODY_HEAD_CHARS, TOKEN) }));
    const client = new YunzhenjiClient({ baseUrl: "http://yzj.test", appId: "app", accessToken: TOKEN, fetch });
    expectNoFragments(visible(await failure(client.listAccountsPage({ page: 1, pageSize: 10 }))), [TOKEN]);
  });

  it("yunzhenji: a token answer broken off inside the token it was issuing (a token no one has learnt yet)", async () => {
    const text = `{"access_token":"${TOKEN}","expires_in":7200}`.slice(0, 30);
    expect(text).toContain(TOKEN.slice(0, 10));
    const { fetch } = scriptedFetch(() => ({ text }));
    const client = new YunzhenjiClient({ baseUrl: "http://yzj.test", appId: "app", appSecret: APP_SECRET, fetch, clock: fakeClock(), random: () => 0 });
    const error = await failure(client.listAccountsPage({ page: 1, pageSize: 10 }));
    expect(error.message).toContain("malformed JSON");
    expectNoFragments(visible(error), [TOKEN]);
  });

  it("shiheng: the app secret", async () => {
    const logger = captureLogger();
    const { fetch } = scriptedFetch(() => ({ text: across(BODY_HEAD_CHARS, SH_SECRET) }));
    const client = new ShihengClient({ baseUrl: "http://sh.test", appId: "sh", appSecret: SH_SECRET, fetch, logger });
    expectNoFragments([...visible(await failure(client.listEmployeesPage({ pageNum: 1, pageSize: 10 }))), ...logger.texts()], [SH_SECRET]);
  });

  it("yunzhong: the session cookie's value; directory: the bearer token", async () => {
    const yz = scriptedFetch(() => ({ text: across(BODY_HEAD_CHARS, SESSION) }));
    const yunzhong = new YunzhongClient({ baseUrl: "http://yz.test", headers: { Cookie: `laravel_session=${SESSION}` }, fetch: yz.fetch });
    expectNoFragments(visible(await failure(yunzhong.listCustomersPage({ uniacid: 2, page: 1 }))), [SESSION]);

    const dir = scriptedFetch(() => ({ text: across(BODY_HEAD_CHARS, BEARER) }));
    const directory = new DirectoryClient({ baseUrl: "http://dir.test", headers: { Authorization: `Bearer ${BEARER}` }, fetch: dir.fetch });
    expectNoFragments(visible(await failure(directory.getUser({ corpId: "ww1", userId: "u1" }))), [BEARER]);
  });
});

describe("an envelope's message echoing a credential across the quote's end (char 200)", () => {
  const cut = VENDOR_TEXT_MAX_CHARS;

  it("yunzhenji `message`: the access token, then the app secret", async () => {
    for (const secret of [TOKEN, APP_SECRET]) {
      const logger = captureLogger();
      const { fetch } = scriptedFetch((call) =>
        call.url.pathname.endsWith("/oauth/token") ? { body: { errcode: 0, data: { access_token: TOKEN, expires_in: 7200 } } } : { body: { errcode: 406, message: across(cut, secret) } },
      );
      const client = new YunzhenjiClient({ baseUrl: "http://yzj.test", appId: "app", appSecret: APP_SECRET, fetch, logger, clock: fakeClock(), random: () => 0 });
      const error = await failure(client.listAccountsPage({ page: 1, pageSize: 10 }));
      expect(error).toMatchObject({ code: "UPSTREAM_ERROR", vendorCode: 406, vendorMessage: `${".".repeat(cut - 10)}…` });
      expect(error.message).toBe(`yunzhenji wechat/list: errcode 406 (bad parameter): ${error.vendorMessage}`);
      expectNoFragments([...visible(error), ...logger.texts()], [TOKEN, APP_SECRET]);
    }
  });

  it("shiheng `msg`, `traceId` and `code`: the app secret and the request's own sign", async () => {
    const logger = captureLogger();
    let sign = "";
    const { fetch } = scriptedFetch((call: Call): Answer => {
      sign = String((call.body as { sign: string }).sign);
      return { body: { code: `9${SH_SECRET}`, msg: `${across(cut, SH_SECRET)} / ${across(cut, sign)}`, traceId: across(VENDOR_CODE_MAX_CHARS, sign), result: null } };
    });
    const client = new ShihengClient({ baseUrl: "http://sh.test", appId: "sh", appSecret: SH_SECRET, fetch, logger, clock: fakeClock(), random: () => 0 });
    const error = await failure(client.listEmployeesPage({ pageNum: 1, pageSize: 10 }));
    expect(sign).toMatch(/^[0-9A-F]{32}$/);
    expect(error.traceId).toBe(`${".".repeat(VENDOR_CODE_MAX_CHARS - 10)}…`);
    expect(error.vendorCode).toBe("9[REDACTED]");
    expectNoFragments([...visible(error), ...logger.texts()], [SH_SECRET, sign]);
  });

  it("yunzhong `msg`: the session; directory `errmsg`: the bearer token", async () => {
    const yz = scriptedFetch(() => ({ body: { result: 0, msg: across(cut, SESSION), data: [] } }));
    const yunzhong = new YunzhongClient({ baseUrl: "http://yz.test", headers: { Cookie: `laravel_session=${SESSION}` }, fetch: yz.fetch });
    const refused = await failure(yunzhong.listCustomersPage({ uniacid: 2, page: 1 }));
    expect(refused.vendorMessage).toBe(`${".".repeat(cut - 10)}…`);
    expectNoFragments(visible(refused), [SESSION]);

    const dir = scriptedFetch(() => ({ body: { errcode: 40014, errmsg: across(cut, BEARER) } }));
    const directory = new DirectoryClient({ baseUrl: "http://dir.test", headers: { Authorization: `Bearer ${BEARER}` }, fetch: dir.fetch });
    const error = await failure(directory.getUser({ corpId: "ww1", userId: "u1" }));
    expect(error.code).toBe("UPSTREAM_UNAUTHORIZED");
    expectNoFragments(visible(error), [BEARER]);
  });

  it("a yunzhong refusal is classified on the whole message, even when the words that say why are past the cut", async () => {
    const { fetch } = scriptedFetch(() => ({ body: { result: 0, msg: `${"。".repeat(cut + 10)}请先登录`, data: [] } }));
    const yunzhong = new YunzhongClient({ baseUrl: "http://yz.test", headers: { Cookie: `laravel_session=${SESSION}` }, fetch });
    expect((await failure(yunzhong.listCustomersPage({ uniacid: 2, page: 1 }))).code).toBe("UPSTREAM_UNAUTHORIZED");
  });
});

describe("a payload that fails its schema, with a credential in a vendor key", () => {
  it("the zod complaint is quoted like any vendor text", () => {
    const transport = new Transport({ vendor: "yunzhong", baseUrl: "http://yz.test", headers: { Cookie: `laravel_session=${SESSION}` } });
    const req = { endpoint: "getList", method: "GET" as const, path: "/x" };
    const schema = z.record(z.string().max(8), z.number());
    const key = across(VENDOR_TEXT_MAX_CHARS - 30, SESSION);
    try {
      decode(schema, { [key]: 1 }, { transport, req });
      expect.unreachable("decode accepted a bad payload");
    } catch (error) {
      expect((error as UpstreamError).code).toBe("UPSTREAM_ERROR");
      expect((error as UpstreamError).message.length).toBeLessThanOrEqual("yunzhong getList: ".length + VENDOR_TEXT_MAX_CHARS);
      expectNoFragments(visible(error as UpstreamError), [SESSION]);
    }
  });
});

describe("through the graph: the GraphQL response and the server's log lines", () => {
  const BASE = "http://vendor.test";
  const config = configSchema.parse({
    vendors: {
      yunzhenji: { baseUrl: `${BASE}/yunzhenji`, appId: "app", appSecret: APP_SECRET },
      yunzhong: { baseUrl: `${BASE}/yunzhong`, headers: { Cookie: `laravel_session=${SESSION}` } },
    },
    corps: [{ corpId: "wwcorp", name: "甲", yunzhenji: { corpId: 2 }, yunzhong: { uniacid: 2, cropId: 1 } }],
  });

  async function run(answer: (call: Call) => Answer, query: string) {
    const logs = captureLogger();
    const { fetch } = scriptedFetch((call) =>
      call.url.pathname.endsWith("/oauth/token") ? { body: { errcode: 0, data: { access_token: TOKEN, expires_in: 7200 } } } : answer(call),
    );
    const app = createApp(config, { fetch, logger: logs, retryBaseDelayMs: 1 });
    const res = await app.fetch("http://graph.test/graphql", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query }) });
    return { body: (await res.json()) as { errors?: { message: string; extensions: Record<string, unknown> }[] }, logs: logs.texts() };
  }

  it("yunzhenji's learnt token across char 40 of a broken list answer (the case seen: 24 of 32 characters survived)", async () => {
    const { body, logs } = await run(() => ({ text: across(BODY_HEAD_CHARS, TOKEN) }), "{ accounts(first: 1) { totalCount } }");
    expect(body.errors).toHaveLength(1);
    expect(body.errors![0]!.extensions).toMatchObject({ code: "UPSTREAM_ERROR", vendor: "yunzhenji", endpoint: "wechat/list" });
    expect(body.errors![0]!.message).toContain(`starting "${".".repeat(30)}…"`);
    expect(logs.some((l) => l.includes("malformed JSON"))).toBe(true);
    expectNoFragments([body, ...logs], [TOKEN, APP_SECRET]);
  });

  it("yunzhong's refusal echoing the session across char 200", async () => {
    const { body, logs } = await run(() => ({ body: { result: 0, msg: across(VENDOR_TEXT_MAX_CHARS, SESSION), data: [] } }), `{ corp(corpId: "wwcorp") { customers(first: 1) { totalCount } } }`);
    expect(body.errors).toHaveLength(1);
    expect(body.errors![0]!.extensions).toMatchObject({ code: "UPSTREAM_ERROR", vendor: "yunzhong" });
    expectNoFragments([body, ...logs], [SESSION]);
  });
});
