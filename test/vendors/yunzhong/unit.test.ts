// YunzhongClient against an injected fetch: the request it sends, the quirks it accepts, the
// payloads it rejects, and the iterator's stopping rules.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { FetchLike } from "../../../src/core/FetchLike.js";
import { remarkMobiles } from "../../../src/vendors/yunzhong/remarkMobiles.js";
import { rowTags } from "../../../src/vendors/yunzhong/rowTags.js";
import { searchParams } from "../../../src/vendors/yunzhong/searchParams.js";
import { YunzhongClient, type YunzhongClientOptions } from "../../../src/vendors/yunzhong/YunzhongClient.js";
import { answeringFetch, expectNoSecrets, failure, fastClock, type Call } from "../../helpers/vendors.js";
import { captureLogger } from "../../helpers/captureLogger.js";

const SESSION = "laravel_session=s3cr3t-session-value";
const SECRET = "s3cr3t-session-value";

type Json = Record<string, unknown>;
const sampleText = readFileSync(new URL("../../fixtures/yunzhong-getlist-sample.json", import.meta.url), "utf8");
const sample = (): { result: number; msg: string; data: Json & { data: Json[]; tag: Json[]; employee: Json[] } } => JSON.parse(sampleText);

const clock = fastClock();
const sleeps = clock.sleeps;

function client(fetch: FetchLike, extra: Partial<YunzhongClientOptions> = {}): YunzhongClient {
  return new YunzhongClient({ baseUrl: "https://yz.example.com/", headers: { Cookie: SESSION }, fetch, clock, random: () => 0, ...extra });
}

function page(rows: Json[], p: { current: number; last: number; total: number; perPage?: number }): Json {
  const base = sample();
  return {
    result: 1,
    msg: "ok",
    data: { ...base.data, current_page: p.current, last_page: p.last, total: p.total, per_page: p.perPage ?? 2, data: rows },
  };
}

function rowWith(patch: Json, index = 1): Json {
  return { ...(sample().data.data[index] as Json), ...patch };
}

async function firstRow(patch: Json, index = 1) {
  const { fetch } = answeringFetch(() => page([rowWith(patch, index)], { current: 1, last: 1, total: 1 }));
  const [row] = (await client(fetch).listCustomersPage({ uniacid: 2, page: 1 })).rows;
  if (!row) throw new Error("no row");
  return row;
}


describe("yunzhong request", () => {
  it("GETs the uniacid's getList with the session header and every filter under its PHP bracket name", async () => {
    const { fetch, calls } = answeringFetch(() => sample());
    await client(fetch).listCustomersPage({
      uniacid: 7,
      page: 3,
      search: {
        customer: "Abe",
        member: 3061,
        addWayType: 201,
        tagId: "etX",
        employeeUserId: "XiaoLiangZi",
        type: 2,
        status: -1,
        addedFrom: 1631950639,
        addedTo: 1632277573,
        remark: "VIP",
      },
    });
    const call = calls[0] as Call;
    expect(call.method).toBe("GET");
    expect(call.url.origin + call.url.pathname).toBe("https://yz.example.com/business/7/plugin/WechatCustomers/getList");
    expect(call.headers.Cookie).toBe(SESSION);
    expect([...call.url.searchParams]).toEqual([
      ["search[customer]", "Abe"],
      ["search[member]", "3061"],
      ["search[add_way_type]", "201"],
      ["search[tags_data]", "etX"],
      ["search[employee_member]", "XiaoLiangZi"],
      ["search[type]", "2"],
      ["search[status]", "-1"],
      ["search[time][]", "1631950639"],
      ["search[time][]", "1632277573"],
      ["search[remark]", "VIP"],
      ["page", "3"],
    ]);
  });

  it("sends an open add-time bound as 0 or 2147483647, and leaves out absent and empty filters", () => {
    expect([...searchParams({ addedFrom: 100 }, 1)]).toEqual([
      ["search[time][]", "100"],
      ["search[time][]", "2147483647"],
      ["page", "1"],
    ]);
    expect([...searchParams({ addedTo: 200, customer: "", remark: undefined }, 2)]).toEqual([
      ["search[time][]", "0"],
      ["search[time][]", "200"],
      ["page", "2"],
    ]);
    expect([...searchParams(undefined, 1)]).toEqual([["page", "1"]]);
    expect(searchParams({ addWayType: 0, status: 1 }, 1).toString()).toBe("search%5Badd_way_type%5D=0&search%5Bstatus%5D=1&page=1");
  });
});

describe("yunzhong argument validation", () => {
  const { fetch } = answeringFetch(() => sample());
  it.each([
    [{ baseUrl: "not a url" }, /baseUrl must be an http\(s\) URL, got "not a url"/],
    [{ baseUrl: "ftp://x" }, /baseUrl must be an http\(s\) URL, got "ftp:\/\/x"/],
    [{ retries: 3 }, /retries must be an integer in 0\.\.2, got 3/],
    [{ timeoutMs: -5 }, /timeoutMs must be a positive number, got -5/],
  ])("rejects bad options %j at construction", (patch, message) => {
    expect(() => new YunzhongClient({ baseUrl: "https://yz.example.com", fetch, ...patch } as YunzhongClientOptions)).toThrow(message);
  });

  it("describes a bad header without showing it", () => {
    const make = () => new YunzhongClient({ baseUrl: "https://yz.example.com", headers: { Cookie: 12345678 as unknown as string } });
    expect(make).toThrow(TypeError);
    expect(make).toThrow(/headers\["Cookie"\] must be a string, got a number/);
    expect(make).not.toThrow(/12345678/);
  });

  it.each([
    [{ uniacid: 0, page: 1 }, /uniacid must be an integer >= 1, got 0/],
    [{ uniacid: "2", page: 1 }, /uniacid must be an integer >= 1, got "2"/],
    [{ uniacid: 2.5, page: 1 }, /uniacid must be an integer >= 1, got 2.5/],
    [{ uniacid: 2, page: 0 }, /page must be an integer >= 1, got 0/],
    [{ uniacid: 2, page: 1, search: { status: 2 } }, /search.status must be 1 or -1, got 2/],
    [{ uniacid: 2, page: 1, search: { addWayType: "1" } }, /search.addWayType must be an integer, got "1"/],
    [{ uniacid: 2, page: 1, search: { addedFrom: -1 } }, /search.addedFrom must be an integer of unix seconds/],
    [{ uniacid: 2, page: 1, search: { tagIds: ["a"] } }, /search has an unknown field "tagIds"/],
  ])("rejects listCustomersPage(%j) with a TypeError that shows the value", async (args, message) => {
    const c = client(fetch);
    await expect(c.listCustomersPage(args as never)).rejects.toThrow(TypeError);
    await expect(c.listCustomersPage(args as never)).rejects.toThrow(message);
  });

  it("rejects bad iterator arguments when the iterator is made, before any request", () => {
    const { fetch: f, calls } = answeringFetch(() => sample());
    expect(() => client(f).customers({ uniacid: -1 })).toThrow(/uniacid must be an integer >= 1, got -1/);
    expect(() => client(f).pages({ uniacid: 2, search: { type: 1.5 } })).toThrow(/search.type must be an integer, got 1.5/);
    expect(calls).toHaveLength(0);
  });
});

describe("yunzhong payload quirks", () => {
  it("reads add_way as a number or a numeric string; an unknown code is UNKNOWN with its raw code kept", async () => {
    expect(await firstRow({ add_way: 202 })).toMatchObject({ addWay: "ASSIGNED_BY_ADMIN", addWayCode: 202 });
    expect(await firstRow({ add_way: "16" })).toMatchObject({ addWay: "ACQUISITION_LINK", addWayCode: 16 });
    expect(await firstRow({ add_way: "99" })).toMatchObject({ addWay: "UNKNOWN", addWayCode: 99 });
    expect(await firstRow({ add_way: null })).toMatchObject({ addWay: "UNKNOWN", addWayCode: null });
  });

  it("reads remark_mobiles from its JSON string, from an array, and junk as none", async () => {
    expect((await firstRow({ remark_mobiles: '["13800000000","139 0000 0000"]' })).remarkMobiles).toEqual(["13800000000", "139 0000 0000"]);
    expect((await firstRow({ remark_mobiles: ["13800000000", 13900000000] })).remarkMobiles).toEqual(["13800000000", "13900000000"]);
    expect((await firstRow({ remark_mobiles: ["13800000000", null, {}] })).remarkMobiles).toEqual(["13800000000"]);
    expect((await firstRow({ remark_mobiles: "[oops" })).remarkMobiles).toEqual([]);
    expect((await firstRow({ remark_mobiles: null })).remarkMobiles).toEqual([]);
    expect(remarkMobiles("null")).toEqual([]);
    expect(remarkMobiles('{"a":1}')).toEqual([]);
    expect(remarkMobiles('["", null, "13800000000"]')).toEqual(["13800000000"]);
  });

  it("accepts external_profile as a JSON string, \"null\" or an object", async () => {
    for (const external_profile of ["null", '{"external_attr":[]}', { external_attr: [] }, null, "{broken"]) {
      const hoc = { ...(sample().data.data[1]?.has_one_customer as Json), external_profile };
      expect((await firstRow({ has_one_customer: hoc })).name).toBe("Abe");
    }
  });

  it("reads paginator ints sent as numeric strings", async () => {
    const body = page([rowWith({})], { current: 1, last: 1, total: 1 }) as { data: Json };
    Object.assign(body.data, { current_page: "1", last_page: "1", per_page: "15", total: "1" });
    const { fetch } = answeringFetch(() => body);
    expect(await client(fetch).listCustomersPage({ uniacid: 2, page: 1 })).toMatchObject({ page: 1, lastPage: 1, perPage: 15, total: 1 });
  });

  it("reads ids and createtime sent as numeric strings", async () => {
    expect(await firstRow({ id: "62", crop_id: "1", createtime: "1632277573", status: "-1" })).toMatchObject({
      rowId: 62,
      cropId: 1,
      addedAt: new Date("2021-09-22T02:26:13Z"),
      status: "LOST",
    });
  });

  it("maps has_one_employee null to ownerFacts null and has_one_customer null to an unknown contact", async () => {
    const row = await firstRow({ has_one_employee: null, has_one_customer: null });
    expect(row.ownerFacts).toBeNull();
    expect(row).toMatchObject({ ownerUserId: "XiaoLiangZi", name: null, avatarUrl: null, type: "UNKNOWN", gender: "UNSPECIFIED", corpName: null });
  });

  it("reads has_one_employee.mobile as a number; a field missing from the payload stays undefined", async () => {
    const row = await firstRow({ has_one_employee: { user_id: "xiaoliangzi", mobile: 13547567468, email: "a@b.cn", gender: null, status: "" } });
    expect(row.ownerFacts).toEqual({ source: "yunzhong", userId: "xiaoliangzi", mobile: "13547567468", mobileKey: "13547567468", email: "a@b.cn" });
    const masked = await firstRow({ has_one_employee: { user_id: "u", mobile: "1354xxxxxxx", name: "" } });
    expect(masked.ownerFacts).toEqual({ source: "yunzhong", userId: "u", name: null, mobile: "1354xxxxxxx", mobileKey: null });
    const noUserId = await firstRow({ has_one_employee: { name: "李健平" } });
    expect(noUserId.ownerFacts).toEqual({ source: "yunzhong", userId: "XiaoLiangZi", name: "李健平" });
  });

  it("reads created_at null as no sync time and oper_userid \"\" as no adder", async () => {
    expect(await firstRow({ created_at: null, oper_userid: "" })).toMatchObject({ syncedAt: null, addedByUserId: null });
  });

  it("tolerates tag_id spacing, duplicates and trailing commas", async () => {
    const row = await firstRow({ tag_id: " etDesSDgAAB6_PNgMEt6fWHVVJhceQow, etDesSDgAAB6_PNgMEt6fWHVVJhceQow,", tag_name: "x" });
    expect(row.tagIds).toEqual(["etDesSDgAAB6_PNgMEt6fWHVVJhceQow"]);
    expect(row.tags).toEqual([{ id: "etDesSDgAAB6_PNgMEt6fWHVVJhceQow", name: "开发测试标签组1标签1", groupId: "etDesSDgAAkqdytUBUMtc_fsnHRnEZ6w", groupName: "开发测试标签组1" }]);
  });

  it("names an uncatalogued tag from tag_name, positionally when names do not add up, else by its id", () => {
    const catalogue = new Map([["k", { id: "k", name: "Known", groupId: "g", groupName: "G" }]]);
    expect(rowTags("a,k,b", "A,Known,B", catalogue).tags.map((t) => t.name)).toEqual(["A", "Known", "B"]);
    expect(rowTags("a,k", "Renamed,A", catalogue).tags.map((t) => t.name)).toEqual(["Renamed", "Known"]);
    expect(rowTags("a,b", "only-one", catalogue).tags.map((t) => t.name)).toEqual(["a", "b"]);
    expect(rowTags("", "", catalogue)).toEqual({ tagIds: [], tags: [] });
  });

  it("accepts the catalogues as PHP objects with numeric keys (a filtered Laravel collection)", async () => {
    const body = sample();
    const raw = { ...body, data: { ...body.data, tag: { "0": body.data.tag[0], "2": body.data.tag[1] }, employee: { "1": body.data.employee[1] } } };
    const { fetch } = answeringFetch(() => raw);
    const p = await client(fetch).listCustomersPage({ uniacid: 2, page: 1 });
    expect(p.tags.map((t) => t.id)).toEqual(["etDesSDgAAB6_PNgMEt6fWHVVJhceQow", "etDesSDgAAYoJscGWjVDukf38n7PJIOg"]);
    expect(p.employees).toEqual([{ userId: "WeiPing", name: "韦平" }]);
  });
});

describe("yunzhong broken payloads", () => {
  it("names the first bad path of a row", async () => {
    const body = page([rowWith({}), rowWith({}, 0), rowWith({}), rowWith({ createtime: "yesterday" })], { current: 1, last: 1, total: 4 });
    const { fetch, calls } = answeringFetch(() => body);
    const error = await failure(client(fetch).listCustomersPage({ uniacid: 2, page: 1 }));
    expect(error).toMatchObject({ code: "UPSTREAM_ERROR", vendor: "yunzhong", endpoint: "getList", retryable: false, status: 200 });
    expect(error.message).toMatch(/^yunzhong getList: data\.data\[3\]\.createtime: expected /);
    expect(calls).toHaveLength(1);
  });

  it.each([
    ["a success without a paginator", { result: 1, msg: "ok", data: [] }, /^yunzhong getList: data: /],
    ["a row without external_userid", page([rowWith({ external_userid: undefined })], { current: 1, last: 1, total: 1 }), /data\.data\[0\]\.external_userid: /],
    ["a paginator without last_page", { result: 1, msg: "ok", data: { current_page: 1, data: [], per_page: 15, total: 0 } }, /data\.last_page: /],
    ["has_one_employee as a string", page([rowWith({ has_one_employee: "XiaoLiangZi" })], { current: 1, last: 1, total: 1 }), /data\.data\[0\]\.has_one_employee: /],
    ["a body that is a list", [], /^yunzhong getList: \(body\): /],
    ["a body without result", { msg: "ok", data: {} }, /^yunzhong getList: result: /],
  ])("rejects %s with UPSTREAM_ERROR naming the path", async (_name, body, message) => {
    const { fetch } = answeringFetch(() => body);
    const error = await failure(client(fetch).listCustomersPage({ uniacid: 2, page: 1 }));
    expect(error.code).toBe("UPSTREAM_ERROR");
    expect(error.message).toMatch(message);
  });

  it("rejects malformed JSON with UPSTREAM_ERROR, not retried", async () => {
    const { fetch, calls } = answeringFetch(() => sampleText.slice(0, 200));
    const error = await failure(client(fetch).listCustomersPage({ uniacid: 2, page: 1 }));
    expect(error.code).toBe("UPSTREAM_ERROR");
    expect(error.message).toMatch(/malformed JSON/);
    expect(calls).toHaveLength(1);
  });

  it("maps any other refusal to UPSTREAM_ERROR with the vendor's message", async () => {
    const { fetch } = answeringFetch(() => ({ result: 0, msg: "参数错误", data: [] }));
    const error = await failure(client(fetch).listCustomersPage({ uniacid: 2, page: 1 }));
    expect(error).toMatchObject({ code: "UPSTREAM_ERROR", vendorCode: 0, vendorMessage: "参数错误", retryable: false });
    expect(error.message).toBe("yunzhong getList: 参数错误 (result 0)");
  });
});

describe("yunzhong iteration", () => {
  const rows = sample().data.data;
  it("follows current_page to last_page without asking past it", async () => {
    const { fetch, calls } = answeringFetch((call) => {
      const p = Number(call.url.searchParams.get("page"));
      return page([rowWith({ id: 100 - p * 2 }), rowWith({ id: 99 - p * 2 })], { current: p, last: 3, total: 6 });
    });
    const ids: number[] = [];
    for await (const c of client(fetch).customers({ uniacid: 2 })) ids.push(c.rowId);
    expect(ids).toEqual([98, 97, 96, 95, 94, 93]);
    expect(calls.map((c) => c.url.searchParams.get("page"))).toEqual(["1", "2", "3"]);
  });

  it("stops on an empty page when the vendor over-reports its total", async () => {
    const { fetch, calls } = answeringFetch((call) => {
      const p = Number(call.url.searchParams.get("page"));
      return page(p <= 2 ? rows : [], { current: p, last: 1000, total: 2000 });
    });
    const pages = [];
    for await (const p of client(fetch).pages({ uniacid: 2 })) pages.push(p.page);
    expect(pages).toEqual([1, 2]);
    expect(calls).toHaveLength(3);
  });

  it("yields page 1 even when empty (its total and catalogue), then stops", async () => {
    const { fetch, calls } = answeringFetch(() => page([], { current: 1, last: 1, total: 0 }));
    const pages = [];
    for await (const p of client(fetch).pages({ uniacid: 2, search: { customer: "nobody" } })) pages.push(p);
    expect(pages).toHaveLength(1);
    expect(pages[0]).toMatchObject({ rows: [], total: 0 });
    expect(pages[0]?.tags).toHaveLength(2);
    expect(calls).toHaveLength(1);
    const customers = [];
    for await (const c of client(fetch).customers({ uniacid: 2 })) customers.push(c);
    expect(customers).toEqual([]);
  });

  it("never goes back to a page it already had when the server echoes a stale current_page", async () => {
    const { fetch, calls } = answeringFetch(() => page(rows, { current: 1, last: 3, total: 6 }));
    let n = 0;
    for await (const _ of client(fetch).pages({ uniacid: 2 })) n++;
    expect(n).toBe(3);
    expect(calls.map((c) => c.url.searchParams.get("page"))).toEqual(["1", "2", "3"]);
  });
});

describe("yunzhong retries and secrets", () => {
  it("retries a 5xx at most twice with jittered backoff, logging each retry without the session", async () => {
    sleeps.length = 0;
    const logger = captureLogger();
    const { fetch, calls } = answeringFetch(() => ({ status: 503, body: "busy" }));
    const error = await failure(client(fetch, { logger, retryBaseDelayMs: 10 }).listCustomersPage({ uniacid: 2, page: 1 }));
    expect(error).toMatchObject({ code: "UPSTREAM_ERROR", status: 503, retryable: true });
    expect(calls).toHaveLength(3);
    expect(sleeps).toEqual([10, 20]);
    expect(logger.texts().filter((l) => l.includes("retrying"))).toHaveLength(2);
    expectNoSecrets([...logger.texts(), error.message, JSON.stringify(error)], [SECRET]);
  });

  it("scrubs the session from a vendor message that echoes it", async () => {
    const { fetch } = answeringFetch(() => ({ result: 0, msg: `请先登录 (session ${SECRET} expired)`, data: [] }));
    const error = await failure(client(fetch).listCustomersPage({ uniacid: 2, page: 1 }));
    expect(error.code).toBe("UPSTREAM_UNAUTHORIZED");
    expect(error.message).toContain("[REDACTED]");
    expectNoSecrets([error.message, JSON.stringify(error), String(error.vendorMessage)], [SECRET]);
    expect(error.request?.headers.Cookie).toBe("[REDACTED]");
  });

  it("does not retry a 4xx, a refusal or a rate limit", async () => {
    for (const answer of [{ status: 404, body: "{}" }, { status: 429, body: "{}" }, { status: 401, body: "{}" }, { result: 0, msg: "请先登录", data: [] }]) {
      const { fetch, calls } = answeringFetch(() => answer);
      const error = await failure(client(fetch).listCustomersPage({ uniacid: 2, page: 1 }));
      expect(error.retryable).toBe(false);
      expect(calls).toHaveLength(1);
    }
  });
});
