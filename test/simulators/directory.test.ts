import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { SIM_CREDENTIALS } from "../../src/simulators/credentials.js";
import type { SimEmployee } from "../../src/simulators/dataset.js";
import type { RunningSimulators } from "../../src/simulators/startSimulators.js";
import { call, postJson, startSim } from "../helpers/simulators.js";

const sim: RunningSimulators = await startSim();
afterAll(() => sim.close());
beforeEach(() => sim.reset());

const endpoint = `${sim.url}/directory/api/v1/getUser`;
const auth = SIM_CREDENTIALS.directory.headers;
const getUser = (body: unknown, headers: Record<string, string> = auth) => postJson(endpoint, body, headers);
const employee = sim.dataset.employees.find((e) => e.directLeaders.length > 0 && e.telephone !== "")!;

describe("directory getUser", () => {
  it("answers the full WeCom user/get shape from the dataset", async () => {
    const e: SimEmployee = employee;
    const r = await getUser({ corpId: e.corpId, userId: e.userId });
    expect(r.status).toBe(200);
    expect(Object.keys(r.body)).toEqual([
      "errcode", "errmsg", "userid", "name", "department", "order", "position", "mobile", "gender", "email", "biz_mail",
      "is_leader_in_dept", "direct_leader", "avatar", "thumb_avatar", "telephone", "alias", "address", "open_userid",
      "main_department", "extattr", "status", "qr_code", "external_position", "external_profile",
    ]);
    expect(r.body).toMatchObject({
      errcode: 0,
      errmsg: "ok",
      userid: e.userId,
      name: e.name,
      department: e.departmentIds,
      position: e.position,
      mobile: e.mobile,
      gender: String(e.gender),
      email: e.email,
      biz_mail: e.bizMail,
      direct_leader: e.directLeaders,
      avatar: e.avatar,
      telephone: e.telephone,
      alias: e.alias,
      address: e.address,
      open_userid: e.openUserId,
      main_department: e.mainDepartment,
      status: e.status,
      qr_code: e.qrCode,
    });
    expect(typeof r.body.gender).toBe("string");
    expect(r.body.order).toHaveLength(e.departmentIds.length);
    expect(r.body.is_leader_in_dept).toHaveLength(e.departmentIds.length);
    expect(r.body.extattr).toEqual({ attrs: expect.any(Array) });
    expect(r.body.external_profile).toMatchObject({ external_corp_name: expect.any(String), external_attr: expect.any(Array) });
  });

  it("accepts the sample's `userid` spelling and matches userids case-insensitively", async () => {
    const r = await getUser({ corpId: employee.corpId, userid: employee.userId.toUpperCase() });
    expect(r.body.errcode).toBe(0);
    expect(r.body.userid).toBe(employee.userId);
  });

  it("knows employees that shiheng does not", async () => {
    const onlyHere = sim.dataset.employees.find((e) => !e.inShiheng)!;
    expect((await getUser({ corpId: onlyHere.corpId, userId: onlyHere.userId })).body.userid).toBe(onlyHere.userId);
  });

  it("refuses a missing or wrong bearer with errcode 40014, HTTP 200", async () => {
    for (const headers of [{} as Record<string, string>, { Authorization: "Bearer nope" }, { Authorization: auth.Authorization.replace("Bearer ", "") }]) {
      const r = await getUser({ corpId: employee.corpId, userId: employee.userId }, headers);
      expect(r.status).toBe(200);
      expect(r.body).toEqual({ errcode: 40014, errmsg: expect.any(String) });
    }
  });

  it("answers 60111 for an unknown userid and 60011 for a corp it does not serve", async () => {
    expect((await getUser({ corpId: employee.corpId, userId: "NoSuchPerson" })).body).toEqual({ errcode: 60111, errmsg: expect.any(String) });
    // An employee of another corp is unknown in this one.
    const other = sim.dataset.employees.find((e) => e.corpId !== employee.corpId && !sim.dataset.employees.some((x) => x.corpId === employee.corpId && x.userId.toLowerCase() === e.userId.toLowerCase()))!;
    expect((await getUser({ corpId: employee.corpId, userId: other.userId })).body.errcode).toBe(60111);
    const stray = sim.dataset.corps.find((c) => !c.mapped)!;
    expect((await getUser({ corpId: stray.corpId, userId: employee.userId })).body).toEqual({ errcode: 60011, errmsg: expect.any(String) });
    expect((await getUser({ corpId: "wwnope", userId: employee.userId })).body.errcode).toBe(60011);
  });

  it("only answers POST at /api/v1/getUser", async () => {
    expect((await call(endpoint, { headers: auth })).body.errcode).not.toBe(0);
    expect((await postJson(`${sim.url}/directory/getUser`, {}, auth)).status).toBe(404);
  });
});
