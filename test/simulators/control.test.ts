import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { SIM_CREDENTIALS } from "../../src/simulators/credentials.js";
import { defaultKnobs } from "../../src/simulators/knobs.js";
import type { RunningSimulators } from "../../src/simulators/startSimulators.js";
import { call, ManualClock, postJson, shihengRequest, startSim, yunzhenjiToken } from "../helpers/simulators.js";

const clock = new ManualClock();
const sim: RunningSimulators = await startSim({ size: "small", clock });
afterAll(() => sim.close());
beforeEach(() => sim.reset());

const employee = sim.dataset.employees[0]!;
const corp = sim.dataset.corps[0]!;
const dirAuth = SIM_CREDENTIALS.directory.headers;
const getUser = () => postJson(`${sim.url}/directory/api/v1/getUser`, { corpId: employee.corpId, userId: employee.userId }, dirAuth);
const getList = () => call(`${sim.url}/yunzhong/business/${corp.uniacid}/plugin/WechatCustomers/getList`, { headers: SIM_CREDENTIALS.yunzhong.headers });
const shiheng = () => postJson(`${sim.url}/shiheng/open/api/wecom/employee/list`, shihengRequest({ pageNum: 1, pageSize: 5 }, clock.now()));
const wechatList = (token: string) => call(`${sim.url}/yunzhenji/wechat/list?app_id=${SIM_CREDENTIALS.yunzhenji.appId}&access_token=${token}`);
const control = (patch: unknown) => postJson(`${sim.url}/__control`, patch);

describe("counters", () => {
  it("start at 0 for every endpoint key and count every request, failed ones too", async () => {
    const zero = { yunzhenji: { "oauth/token": 0, "wechat/list": 0 }, shiheng: { "employee/list": 0 }, yunzhong: { getList: 0 }, directory: { getUser: 0 } };
    expect((await call(`${sim.url}/__stats`)).body).toEqual(zero);
    const token = await yunzhenjiToken(sim);
    await wechatList(token);
    await wechatList("bad");
    await getList();
    await call(`${sim.url}/yunzhong/business/${corp.uniacid}/plugin/WechatCustomers/getList`);
    await shiheng();
    await getUser();
    await postJson(`${sim.url}/directory/api/v1/getUser`, {});
    await call(`${sim.url}/directory/nowhere`);
    const expected = { yunzhenji: { "oauth/token": 1, "wechat/list": 2 }, shiheng: { "employee/list": 1 }, yunzhong: { getList: 2 }, directory: { getUser: 2 } };
    expect((await call(`${sim.url}/__stats`)).body).toEqual(expected);
    expect(sim.stats()).toEqual(expected);
  });

  it("POST /__reset zeroes counters, restores start knobs and forgets issued tokens", async () => {
    const token = await yunzhenjiToken(sim);
    expect((await wechatList(token)).body.errcode).toBe(0);
    sim.setKnobs({ directory: { latencyMs: 5 } });
    const r = await call(`${sim.url}/__reset`, { method: "POST" });
    expect(r.status).toBe(200);
    expect(sim.stats().yunzhenji["oauth/token"]).toBe(0);
    expect(sim.knobs()).toEqual(defaultKnobs());
    expect((await wechatList(token)).body.errcode).toBe(110);
  });
});

describe("/__control", () => {
  it("reads the knobs and deep-merges a patch", async () => {
    expect((await call(`${sim.url}/__control`)).body).toEqual(defaultKnobs());
    const r = await control({ yunzhong: { perPage: 4 }, directory: { latencyMs: 1 } });
    expect(r.status).toBe(200);
    const want = defaultKnobs();
    want.yunzhong.perPage = 4;
    want.directory.latencyMs = 1;
    expect(r.body).toEqual(want);
    expect(sim.knobs()).toEqual(want);
    expect((await getList()).body.data.per_page).toBe(4);
  });

  it("refuses unknown keys, bad values and unknown fault names with HTTP 400 naming the key", async () => {
    for (const [patch, where] of [
      [{ yunzhong: { nope: 1 } }, "yunzhong"],
      [{ directory: { errorRate: 2 } }, "directory.errorRate"],
      [{ shiheng: { forceError: "40014" } }, "shiheng.forceError"],
      [{ elsewhere: {} }, "(root)"],
    ] as const) {
      const r = await control(patch);
      expect(r.status).toBe(400);
      expect(r.body.error).toContain(where);
    }
    expect((await call(`${sim.url}/__control`, { method: "POST", body: "{" })).status).toBe(400);
    expect(sim.knobs()).toEqual(defaultKnobs());
  });

  it("applies start knobs given to startSimulators, and reset returns to them", async () => {
    const other = await startSim({ size: "small", knobs: { yunzhong: { perPage: 3 } } });
    try {
      other.setKnobs({ yunzhong: { perPage: 9 } });
      other.reset();
      expect(other.knobs().yunzhong.perPage).toBe(3);
    } finally {
      await other.close();
    }
  });
});

describe("faults", () => {
  it("forceError answers each vendor's own envelope", async () => {
    sim.setKnobs({ yunzhenji: { forceError: "407" }, shiheng: { forceError: "1002" }, yunzhong: { forceError: "noright" }, directory: { forceError: "45009" } });
    const yzj = await call(`${sim.url}/yunzhenji/wechat/list`);
    expect(yzj.status).toBe(200);
    expect(yzj.body).toEqual({ errcode: 407, message: expect.any(String) });
    expect((await shiheng()).body).toEqual({ code: "1002", msg: expect.any(String), traceId: expect.stringMatching(/^[0-9a-f]{32}$/), result: null });
    expect((await getList()).body).toEqual({ result: 0, msg: "无权管理该企业", data: [] });
    expect((await getUser()).body).toEqual({ errcode: 45009, errmsg: expect.any(String) });
    sim.setKnobs({ yunzhong: { forceError: "login" }, shiheng: { forceError: "500" } });
    expect((await getList()).body.msg).toBe("请先登录");
    expect((await shiheng()).body).toMatchObject({ code: "500", result: null });
  });

  it("forceError http500 / http502 / http401 / http429 answer with that HTTP status", async () => {
    for (const [fault, status] of [["http500", 500], ["http502", 502], ["http401", 401], ["http429", 429]] as const) {
      sim.setKnobs({ directory: { forceError: fault } });
      expect((await getUser()).status).toBe(status);
    }
  });

  it("failNext answers the transient error N times, then normally; failWith picks another fault", async () => {
    sim.setKnobs({ directory: { failNext: 2 } });
    expect((await getUser()).body.errcode).toBe(-1);
    expect(sim.knobs().directory.failNext).toBe(1);
    expect((await getUser()).body.errcode).toBe(-1);
    expect((await getUser()).body.errcode).toBe(0);
    expect(sim.knobs().directory.failNext).toBe(0);

    sim.setKnobs({ shiheng: { failNext: 1 }, yunzhong: { failNext: 1, failWith: "http502" } });
    expect((await shiheng()).status).toBe(500);
    expect((await shiheng()).body.code).toBe("0");
    expect((await getList()).status).toBe(502);
    expect((await getList()).body.result).toBe(1);

    const token = await yunzhenjiToken(sim);
    sim.setKnobs({ yunzhenji: { failNext: 1 } });
    expect((await wechatList(token)).body.errcode).toBe(1001);
    sim.setKnobs({ yunzhenji: { failNext: 1, failWith: "111" } });
    expect((await wechatList(token)).body.errcode).toBe(111);
    expect((await wechatList(token)).body.errcode).toBe(0);
  });

  it("errorRate fails a share of requests, the same ones again after a reset", async () => {
    const run = async () => {
      sim.setKnobs({ directory: { errorRate: 0.5 } });
      const codes: number[] = [];
      for (let i = 0; i < 16; i++) codes.push((await getUser()).body.errcode);
      sim.reset();
      return codes;
    };
    const first = await run();
    expect(first).toContain(-1);
    expect(first).toContain(0);
    expect(await run()).toEqual(first);
  });

  it("malformedJson answers HTTP 200 with a body that does not parse", async () => {
    sim.setKnobs({ directory: { malformedJson: true } });
    const r = await getUser();
    expect(r.status).toBe(200);
    expect(r.text.length).toBeGreaterThan(0);
    expect(() => JSON.parse(r.text)).toThrow();
    sim.setKnobs({ directory: { malformedJson: false, failNext: 1, failWith: "malformed" } });
    const once = await getUser();
    expect(once.status).toBe(200);
    expect(() => JSON.parse(once.text)).toThrow();
    expect((await getUser()).body.errcode).toBe(0);
  });

  it("latencyMs delays only that vendor's answers", async () => {
    sim.setKnobs({ directory: { latencyMs: 150 } });
    let t = performance.now();
    expect((await getUser()).body.errcode).toBe(0);
    expect(performance.now() - t).toBeGreaterThanOrEqual(140);
    t = performance.now();
    await getList();
    expect(performance.now() - t).toBeLessThan(140);
  });

  it("timeout accepts the request and never answers; the client's AbortSignal ends it and close() does not wait", async () => {
    const other = await startSim({ size: "small", knobs: { shiheng: { timeout: true } } });
    const url = `${other.url}/shiheng/open/api/wecom/employee/list`;
    const body = JSON.stringify(shihengRequest({ pageNum: 1, pageSize: 5 }, Date.now()));
    await expect(fetch(url, { method: "POST", body, signal: AbortSignal.timeout(150) })).rejects.toThrow();
    expect(other.stats().shiheng["employee/list"]).toBe(1);
    // A request still hanging when close() is called must not keep the server open.
    const hanging = fetch(url, { method: "POST", body }).catch((err: unknown) => err);
    await new Promise((r) => setTimeout(r, 50));
    const t = performance.now();
    await other.close();
    expect(performance.now() - t).toBeLessThan(1000);
    expect(await hanging).toBeInstanceOf(Error);
  });
});

describe("rate limiting by the injected clock", () => {
  it("answers each vendor's rate-limit error beyond the limit and recovers a minute later", async () => {
    sim.setKnobs({ directory: { rateLimitPerMinute: 2 }, yunzhong: { rateLimitPerMinute: 1 }, shiheng: { rateLimitPerMinute: 1 } });
    expect((await getUser()).body.errcode).toBe(0);
    clock.advance(30_000);
    expect((await getUser()).body.errcode).toBe(0);
    expect((await getUser()).body).toEqual({ errcode: 45009, errmsg: expect.any(String) });
    expect((await getList()).body.result).toBe(1);
    const limited = await getList();
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await shiheng()).status).toBe(200);
    expect((await shiheng()).status).toBe(429);
    clock.advance(30_001);
    // The first directory call left the window; the second is still in it.
    expect((await getUser()).body.errcode).toBe(0);
    expect((await getUser()).body.errcode).toBe(45009);
    expect((await getList()).status).toBe(429);
    clock.advance(30_000);
    expect((await getList()).body.result).toBe(1);
    expect((await shiheng()).body.code).toBe("0");
  });

  it("yunzhenji answers errcode 407", async () => {
    const token = await yunzhenjiToken(sim);
    sim.setKnobs({ yunzhenji: { rateLimitPerMinute: 1 } });
    expect((await wechatList(token)).body.errcode).toBe(0);
    expect((await wechatList(token)).body).toEqual({ errcode: 407, message: expect.any(String) });
  });
});

describe("routing", () => {
  it("answers unknown paths with HTTP 404 JSON", async () => {
    for (const path of ["/", "/nope", "/yunzhenji", "/yunzhenji/nope", "/shiheng/employee/list", "/yunzhong/business/2/getList", "/__nope"]) {
      const r = await call(`${sim.url}${path}`);
      expect(r.status, path).toBe(404);
      expect(r.body).toHaveProperty("error");
    }
  });

  it("has url without a trailing slash and the port it listens on", () => {
    expect(sim.url).toBe(`http://127.0.0.1:${sim.port}`);
  });
});
