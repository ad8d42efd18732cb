import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { SIM_CREDENTIALS } from "../../src/simulators/credentials.js";
import type { SimAccount } from "../../src/simulators/dataset.js";
import type { RunningSimulators } from "../../src/simulators/startSimulators.js";
import { call, ceilDiv, ManualClock, postJson, startSim, yunzhenjiToken } from "../helpers/simulators.js";

const clock = new ManualClock();
const sim: RunningSimulators = await startSim({ clock });
afterAll(() => sim.close());
beforeEach(() => sim.reset());

const { appId, appSecret } = SIM_CREDENTIALS.yunzhenji;
const accounts = [...sim.dataset.accounts].sort((a, b) => a.id - b.id);

function expectedRow(a: SimAccount) {
  const corp = sim.dataset.corps.find((c) => c.yzjCorpId === a.yzjCorpId)!;
  return {
    id: a.id,
    wxid: a.wxid,
    nickname: a.nickname,
    full_name: a.fullName,
    wx_alias: a.alias,
    avatar: a.avatar,
    mobile: a.mobile,
    sub_user_id: a.subUserId,
    group_id: a.groupId === "0" ? 0 : a.groupId,
    corp_id: a.yzjCorpId,
    online: a.online,
    last_login_time: a.lastLoginTime,
    last_offline_time: a.lastOfflineTime,
    ctime: a.ctime,
    utime: a.utime,
    corp: {
      id: corp.yzjCorpId,
      name: corp.name,
      wxid: corp.wxid,
      remark: "",
      legal_person_name: corp.legalPersonName,
      legal_person_id: corp.legalPersonId,
      ctime: corp.ctime,
      utime: corp.utime,
      verify_type: corp.verifyType,
      short_name: corp.shortName,
    },
  };
}

async function list(params: Record<string, string | number>, token?: string) {
  const q = new URLSearchParams({ app_id: appId, ...(token === undefined ? {} : { access_token: token }) });
  for (const [k, v] of Object.entries(params)) q.set(k, String(v));
  return call(`${sim.url}/yunzhenji/wechat/list?${q}`);
}

describe("yunzhenji oauth/token", () => {
  it("issues a token for JSON with grant_type, valid for tokenTtlSeconds", async () => {
    const r = await postJson(`${sim.url}/yunzhenji/oauth/token`, { app_id: appId, app_secret: appSecret, grant_type: "client_credentials" });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ errcode: 0, data: { access_token: expect.any(String), expires_in: 7200 } });
  });

  it("accepts a form body spelled grand_type, as the vendor's page does", async () => {
    const r = await call(`${sim.url}/yunzhenji/oauth/token`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ app_id: appId, app_secret: appSecret, grand_type: "client_credentials" }).toString(),
    });
    expect(r.body.errcode).toBe(0);
    expect((await list({}, r.body.data.access_token)).body.errcode).toBe(0);
  });

  it.each([
    [{ app_id: "nope", app_secret: appSecret, grant_type: "client_credentials" }, 101],
    [{ app_id: appId, app_secret: "wrong", grant_type: "client_credentials" }, 102],
    [{ app_id: appId, app_secret: appSecret, grant_type: "password" }, 103],
    [{ app_id: appId, app_secret: appSecret }, 103],
  ])("refuses %j with errcode %i and a message, HTTP 200", async (body, errcode) => {
    const r = await postJson(`${sim.url}/yunzhenji/oauth/token`, body);
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ errcode, message: expect.any(String) });
    expect(r.body).not.toHaveProperty("errmsg");
  });

  it("answers a GET with errcode 405", async () => {
    expect((await call(`${sim.url}/yunzhenji/oauth/token`)).body.errcode).toBe(405);
  });
});

describe("yunzhenji wechat/list", () => {
  it("serves page 1 with the default page size of 10, rows in id order with the vendor's fields", async () => {
    const r = await list({}, await yunzhenjiToken(sim));
    expect(r.status).toBe(200);
    expect(r.body).toEqual({
      errcode: 0,
      data: accounts.slice(0, 10).map(expectedRow),
      pager: { page: 1, perPage: 10, numRecords: accounts.length, numPages: ceilDiv(accounts.length, 10), firstRecord: 0, lastRecord: 9 },
    });
  });

  it("pages with a size that does not divide the total, down to the partial last page and past it", async () => {
    const token = await yunzhenjiToken(sim);
    const size = 7;
    expect(accounts.length % size).not.toBe(0);
    const last = ceilDiv(accounts.length, size);
    const r = await list({ page: last, page_size: size }, token);
    const rest = accounts.length - (last - 1) * size;
    expect(r.body.data).toEqual(accounts.slice((last - 1) * size).map(expectedRow));
    expect(r.body.data).toHaveLength(rest);
    expect(r.body.pager).toEqual({ page: last, perPage: size, numRecords: accounts.length, numPages: last, firstRecord: (last - 1) * size, lastRecord: accounts.length - 1 });
    const past = await list({ page: last + 1, page_size: size }, token);
    expect(past.body.errcode).toBe(0);
    expect(past.body.data).toEqual([]);
    expect(past.body.pager.numRecords).toBe(accounts.length);
  });

  it("clamps page_size to 100 and says so in pager.perPage", async () => {
    const r = await list({ page_size: 500 }, await yunzhenjiToken(sim));
    expect(r.body.pager.perPage).toBe(100);
    expect(r.body.data.map((a: { id: number }) => a.id)).toEqual(accounts.slice(0, 100).map((a) => a.id));
  });

  it("filters by online 1 / 0 and treats -1 and absent as all", async () => {
    const token = await yunzhenjiToken(sim);
    for (const online of [0, 1] as const) {
      const want = accounts.filter((a) => a.online === online);
      const r = await list({ online, page_size: 100 }, token);
      expect(r.body.pager.numRecords).toBe(want.length);
      expect(r.body.data.map((a: { id: number }) => a.id)).toEqual(want.slice(0, 100).map((a) => a.id));
    }
    expect((await list({ online: -1 }, token)).body.pager.numRecords).toBe(accounts.length);
  });

  it.each<Record<string, string | number>>([{ page: "abc" }, { page: 0 }, { page_size: 0 }, { page_size: "ten" }, { online: 2 }])("answers errcode 406 to %j", async (params) => {
    const r = await list(params, await yunzhenjiToken(sim));
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ errcode: 406, message: expect.any(String) });
  });

  it("answers 112 without a token, 110 for an unknown one, 101 for a wrong app_id", async () => {
    expect((await list({})).body).toEqual({ errcode: 112, message: expect.any(String) });
    expect((await list({}, "not-a-token")).body).toEqual({ errcode: 110, message: expect.any(String) });
    const token = await yunzhenjiToken(sim);
    const r = await call(`${sim.url}/yunzhenji/wechat/list?app_id=other&access_token=${token}`);
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ errcode: 101, message: expect.any(String) });
  });

  it("expires tokens after tokenTtlSeconds by the injected clock (111)", async () => {
    sim.setKnobs({ yunzhenji: { tokenTtlSeconds: 60 } });
    const issued = await postJson(`${sim.url}/yunzhenji/oauth/token`, { app_id: appId, app_secret: appSecret, grant_type: "client_credentials" });
    expect(issued.body.data.expires_in).toBe(60);
    const token = issued.body.data.access_token as string;
    clock.advance(59_000);
    expect((await list({}, token)).body.errcode).toBe(0);
    clock.advance(1_000);
    expect((await list({}, token)).body).toEqual({ errcode: 111, message: expect.any(String) });
    const fresh = await yunzhenjiToken(sim);
    expect((await list({}, fresh)).body.errcode).toBe(0);
  });

  it("carries the documented quirks in the raw JSON, the stray corp's accounts included", async () => {
    const token = await yunzhenjiToken(sim);
    const texts: string[] = [];
    const all: any[] = [];
    for (let page = 1, pages = 1; page <= pages; page++) {
      const r = await list({ page, page_size: 100 }, token);
      texts.push(r.text);
      all.push(...r.body.data);
      pages = r.body.pager.numPages;
    }
    expect(all.map((a) => a.id)).toEqual(accounts.map((a) => a.id));
    expect(texts.join("")).toContain('"group_id":0,');
    expect(all.some((a) => typeof a.group_id === "string" && a.group_id.includes(","))).toBe(true);
    expect(all.some((a) => a.last_offline_time === 0)).toBe(true);
    expect(all.some((a) => a.full_name === "")).toBe(true);
    expect(all.some((a) => /x{7}$/.test(a.mobile))).toBe(true);
    expect(all.some((a) => a.mobile.startsWith("+86"))).toBe(true);
    expect(all.some((a) => / /.test(a.mobile))).toBe(true);
    const stray = sim.dataset.corps.find((c) => !c.mapped)!;
    const strayIds = accounts.filter((a) => a.yzjCorpId === stray.yzjCorpId).map((a) => a.id);
    expect(strayIds.length).toBeGreaterThan(0);
    expect(all.filter((a) => a.corp_id === stray.yzjCorpId).map((a) => a.id)).toEqual(strayIds);
  });

  it("has no other paths", async () => {
    const r = await call(`${sim.url}/yunzhenji/wechat/lists`);
    expect(r.status).toBe(404);
    expect(r.body).toHaveProperty("error");
  });
});
