// DirectoryClient against an injected fetch: request shape, errcode table, quirks accepted,
// structurally broken payloads rejected, retries and secrets.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { DirectoryClient, type DirectoryClientOptions } from "../../../src/vendors/directory/DirectoryClient.js";
import type { FetchLike } from "../../../src/core/FetchLike.js";
import { answeringFetch, expectNoSecrets, failure, fastClock } from "../../helpers/vendors.js";
import { captureLogger } from "../../helpers/captureLogger.js";

const TOKEN = "t0ken-of-the-directory";
const sample = (): Record<string, unknown> => JSON.parse(readFileSync(new URL("../../fixtures/directory-getuser-sample.json", import.meta.url), "utf8"));

const clock = fastClock();
const sleeps = clock.sleeps;

function client(fetch: FetchLike, extra: Partial<DirectoryClientOptions> = {}): DirectoryClient {
  return new DirectoryClient({ baseUrl: "https://dir.example.com/", headers: { Authorization: `Bearer ${TOKEN}` }, fetch, clock, random: () => 0.5, ...extra });
}

const user = { corpId: "ww1", userId: "ZhangSan" };

describe("directory request", () => {
  it("POSTs JSON with both userId and userid and the configured Authorization header", async () => {
    const { fetch, calls } = answeringFetch(() => sample());
    await client(fetch).getUser(user);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.url.href).toBe("https://dir.example.com/api/v1/getUser");
    expect(calls[0]?.method).toBe("POST");
    expect(calls[0]?.headers.Authorization).toBe(`Bearer ${TOKEN}`);
    expect(calls[0]?.headers["content-type"]).toBe("application/json");
    expect(calls[0]?.body).toEqual({ corpId: "ww1", userId: "ZhangSan", userid: "ZhangSan" });
  });

  it.each([
    [{ corpId: "", userId: "a" }, /corpId must be a non-empty string, got ""/],
    [{ corpId: "ww1", userId: 42 }, /userId must be a non-empty string, got 42/],
    [{ corpId: "ww1" }, /userId must be a non-empty string, got undefined/],
  ])("rejects getUser(%j) with a TypeError", async (args, message) => {
    const { fetch, calls } = answeringFetch(() => sample());
    await expect(client(fetch).getUser(args as never)).rejects.toThrow(message);
    expect(calls).toHaveLength(0);
  });

  it("validates its options once, showing the bad value but never a header's", () => {
    expect(() => new DirectoryClient({ baseUrl: "dir.example.com" })).toThrow(/baseUrl must be an http\(s\) URL, got "dir.example.com"/);
    expect(() => new DirectoryClient({ baseUrl: "https://d.example.com", retries: -1 })).toThrow(/retries must be an integer in 0\.\.2, got -1/);
    expect(() => new DirectoryClient({ baseUrl: "https://d.example.com", headers: "Bearer abcdef" as never })).toThrow(/headers must be an object of strings, got a string of 13 characters/);
    expect(() => new DirectoryClient({ baseUrl: "https://d.example.com", headers: "Bearer abcdef" as never })).not.toThrow(/abcdef/);
  });
});

describe("directory errcodes", () => {
  it.each([
    [40014, "UPSTREAM_UNAUTHORIZED"],
    [42001, "UPSTREAM_UNAUTHORIZED"],
    [48002, "UPSTREAM_UNAUTHORIZED"],
    [60011, "UPSTREAM_UNAUTHORIZED"],
    [45009, "UPSTREAM_RATE_LIMITED"],
    [47001, "UPSTREAM_ERROR"],
    [41009, "UPSTREAM_ERROR"],
  ])("errcode %i -> %s, not retried", async (errcode, code) => {
    const { fetch, calls } = answeringFetch(() => ({ errcode, errmsg: "whatever it says" }));
    const error = await failure(client(fetch).getUser(user));
    expect(error).toMatchObject({ code, vendor: "directory", endpoint: "getUser", vendorCode: errcode, vendorMessage: "whatever it says", retryable: false });
    expect(error.message).toBe(`directory getUser: errcode ${errcode} (whatever it says)`);
    expect(calls).toHaveLength(1);
  });

  it("branches on errcode, never on errmsg", async () => {
    const { fetch } = answeringFetch(() => ({ errcode: 60011, errmsg: "ok" }));
    expect((await failure(client(fetch).getUser(user))).code).toBe("UPSTREAM_UNAUTHORIZED");
    const { fetch: notFound } = answeringFetch(() => ({ errcode: 60111, errmsg: "no privilege" }));
    expect(await client(notFound).getUser(user)).toBeNull();
  });

  it.each([40003, 60111, "60111"])("errcode %j is a missing employee: null", async (errcode) => {
    const { fetch, calls } = answeringFetch(() => ({ errcode, errmsg: "userid not found" }));
    expect(await client(fetch).getUser(user)).toBeNull();
    expect(calls).toHaveLength(1);
  });

  it("retries -1 (busy) at most twice with backoff, then fails with UPSTREAM_ERROR", async () => {
    sleeps.length = 0;
    const { fetch, calls } = answeringFetch(() => ({ errcode: -1, errmsg: "system busy" }));
    const error = await failure(client(fetch, { retryBaseDelayMs: 8 }).getUser(user));
    expect(error).toMatchObject({ code: "UPSTREAM_ERROR", vendorCode: -1, retryable: true });
    expect(calls).toHaveLength(3);
    expect(sleeps).toEqual([12, 24]);
  });

  it("recovers from -1 then success", async () => {
    const { fetch, calls } = answeringFetch((_call, n) => (n === 1 ? { errcode: "-1", errmsg: "busy" } : sample()));
    expect((await client(fetch).getUser(user))?.facts.userId).toBe("zhangsan");
    expect(calls).toHaveLength(2);
  });
});

describe("directory payload quirks", () => {
  it("reads gender and status as strings or ints, and main_department as a string", async () => {
    const { fetch } = answeringFetch(() => ({ ...sample(), gender: 2, status: "5", main_department: "7", department: ["7", 1] }));
    const profile = await client(fetch).getUser(user);
    expect(profile?.facts).toMatchObject({ gender: "FEMALE", status: "LEFT", departmentIds: [7, 1] });
    expect(profile?.mainDepartment).toBe(7);
  });

  it("maps unknown enum codes to UNSPECIFIED / UNKNOWN", async () => {
    const { fetch } = answeringFetch(() => ({ ...sample(), gender: "9", status: 6 }));
    expect((await client(fetch).getUser(user))?.facts).toMatchObject({ gender: "UNSPECIFIED", status: "UNKNOWN" });
  });

  it("leaves fields the payload does not carry undefined, and \"\" as null", async () => {
    const { fetch } = answeringFetch(() => ({ errcode: 0, errmsg: "ok", userid: "LiSi", name: "李四", mobile: "", email: "", gender: "" }));
    const profile = await client(fetch).getUser({ corpId: "ww9", userId: "lisi" });
    expect(profile).toEqual({
      corpId: "ww9",
      facts: { source: "directory", userId: "LiSi", name: "李四", mobile: null, mobileKey: null, email: null },
      alias: null,
      telephone: null,
      bizMail: null,
      address: null,
      mainDepartment: null,
      directLeaders: [],
      openUserId: null,
    });
  });

  it("normalises a +86 mobile and keeps a masked one without a key", async () => {
    const { fetch } = answeringFetch((_call, n) => ({ ...sample(), mobile: n === 1 ? "+86 138-0000-0000" : "1380****000" }));
    const c = client(fetch);
    expect((await c.getUser(user))?.facts).toMatchObject({ mobile: "13800000000", mobileKey: "13800000000" });
    expect((await c.getUser(user))?.facts).toMatchObject({ mobile: "1380****000", mobileKey: null });
  });
});

describe("directory broken payloads", () => {
  it.each([
    ["department as a string", { ...sample(), department: "1,2" }, /^directory getUser: department: /],
    ["a department id that is not a number", { ...sample(), department: [1, "two"] }, /^directory getUser: department\[1\]: /],
    ["a success without userid", { errcode: 0, errmsg: "ok", name: "x" }, /^directory getUser: userid: /],
    ["a body without errcode", { userid: "x" }, /^directory getUser: errcode: /],
    ["a list", [], /^directory getUser: \(body\): /],
    ["direct_leader as a string", { ...sample(), direct_leader: "lisi" }, /direct_leader: /],
  ])("rejects %s with UPSTREAM_ERROR naming the path", async (_name, body, message) => {
    const { fetch, calls } = answeringFetch(() => body);
    const error = await failure(client(fetch).getUser(user));
    expect(error).toMatchObject({ code: "UPSTREAM_ERROR", retryable: false, status: 200 });
    expect(error.message).toMatch(message);
    expect(calls).toHaveLength(1);
  });

  it("rejects malformed JSON with UPSTREAM_ERROR", async () => {
    const { fetch } = answeringFetch(() => '{"errcode":0,"userid":"zh');
    const error = await failure(client(fetch).getUser(user));
    expect(error.code).toBe("UPSTREAM_ERROR");
    expect(error.message).toMatch(/malformed JSON/);
  });
});

describe("directory secrets", () => {
  it("keeps the bearer token out of errors and logs, even when the vendor echoes it", async () => {
    const logger = captureLogger();
    const { fetch } = answeringFetch((_call, n) => (n < 3 ? { errcode: -1, errmsg: `busy for token ${TOKEN}` } : { errcode: 40014, errmsg: `invalid access_token: ${TOKEN}` }));
    const error = await failure(client(fetch, { logger }).getUser(user));
    expect(error.code).toBe("UPSTREAM_UNAUTHORIZED");
    expect(error.message).toContain("[REDACTED]");
    expect(error.request?.headers.Authorization).toBe("[REDACTED]");
    expect(logger.lines.length).toBeGreaterThanOrEqual(2);
    expectNoSecrets([...logger.texts(), error.message, JSON.stringify(error), String(error.vendorMessage), String(error.stack)], [TOKEN]);
  });
});
