import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { SIM_CREDENTIALS } from "../../src/simulators/credentials.js";
import type { SimCustomerRow } from "../../src/simulators/dataset.js";
import type { RunningSimulators } from "../../src/simulators/startSimulators.js";
import { call, ceilDiv, startSim } from "../helpers/simulators.js";

const sim: RunningSimulators = await startSim();
afterAll(() => sim.close());
beforeEach(() => sim.reset());

const session = SIM_CREDENTIALS.yunzhong.headers.Cookie;
const corps = sim.dataset.corps.filter((c) => c.mapped);
const corp = corps[0]!;
const base = (uniacid: number | string) => `${sim.url}/yunzhong/business/${uniacid}/plugin/WechatCustomers/getList`;
const rowsOf = (uniacid: number) => sim.dataset.customerRows.filter((r) => r.uniacid === uniacid).sort((a, b) => b.id - a.id);

function get(uniacid: number | string, params: [string, string][] = [], cookie: string | null = session) {
  const q = new URLSearchParams(params);
  return call(`${base(uniacid)}${params.length ? `?${q}` : ""}`, { headers: cookie === null ? {} : { Cookie: cookie } });
}

/** Every row a query returns, walking last_page. */
async function allIds(uniacid: number, params: [string, string][]): Promise<number[]> {
  sim.setKnobs({ yunzhong: { perPage: 1000 } });
  const ids: number[] = [];
  for (let page = 1, last = 1; page <= last; page++) {
    const r = await get(uniacid, [...params, ["page", String(page)]]);
    expect(r.body.result).toBe(1);
    ids.push(...r.body.data.data.map((x: { id: number }) => x.id));
    last = r.body.data.last_page;
  }
  return ids;
}

const want = (uniacid: number, pred: (r: SimCustomerRow) => boolean) => rowsOf(uniacid).filter(pred).map((r) => r.id);

describe("yunzhong auth", () => {
  it("answers 请先登录 without the session cookie or with a wrong one", async () => {
    for (const cookie of [null, "laravel_session=expired", ""]) {
      const r = await get(corp.uniacid, [], cookie);
      expect(r.status).toBe(200);
      expect(r.body).toEqual({ result: 0, msg: "请先登录", data: [] });
    }
  });

  it("accepts the session among other cookies", async () => {
    expect((await get(corp.uniacid, [], `theme=dark; ${session}; lang=zh`)).body.result).toBe(1);
  });

  it("answers 无权管理该企业 for a uniacid of no mapped corp", async () => {
    const stray = sim.dataset.corps.find((c) => !c.mapped)!;
    for (const uniacid of [stray.uniacid, 999, "abc"]) {
      expect((await get(uniacid)).body).toEqual({ result: 0, msg: "无权管理该企业", data: [] });
    }
  });
});

describe("yunzhong getList paging", () => {
  it("is a Laravel paginator with the server's per_page of 15, the corp's catalogue and employees", async () => {
    const rows = rowsOf(corp.uniacid);
    expect(rows.length % 15).not.toBe(0);
    const r = await get(corp.uniacid);
    const d = r.body.data;
    const path = base(corp.uniacid);
    const last = ceilDiv(rows.length, 15);
    expect(r.body.result).toBe(1);
    expect(r.body.msg).toBe("ok");
    expect(Object.keys(d)).toEqual(["current_page", "data", "first_page_url", "from", "last_page", "last_page_url", "next_page_url", "path", "per_page", "prev_page_url", "to", "total", "count", "tag", "employee"]);
    expect(d).toMatchObject({
      current_page: 1,
      first_page_url: `${path}?page=1`,
      from: 1,
      last_page: last,
      last_page_url: `${path}?page=${last}`,
      next_page_url: `${path}?page=2`,
      path,
      per_page: 15,
      prev_page_url: null,
      to: 15,
      total: rows.length,
      count: rows.length,
    });
    expect(d.data.map((x: { id: number }) => x.id)).toEqual(rows.slice(0, 15).map((x) => x.id));
    const tags = sim.dataset.tags.filter((t) => t.corpId === corp.corpId);
    expect(d.tag.map((t: any) => [t.id, t.tag_id, t.name, t.group_id, t.group_name, t.order, t.create_time])).toEqual(
      tags.map((t) => [t.id, t.tagId, t.name, t.groupId, t.groupName, t.order, t.createTime]),
    );
    expect(d.employee).toEqual(sim.dataset.employees.filter((e) => e.corpId === corp.corpId && e.followUser).map((e) => ({ user_id: e.yunzhongUserId, name: e.name })));
  });

  it("serves the partial last page and an empty page past it (from/to null)", async () => {
    const rows = rowsOf(corp.uniacid);
    const last = ceilDiv(rows.length, 15);
    const r = await get(corp.uniacid, [["page", String(last)]]);
    expect(r.body.data).toMatchObject({ current_page: last, from: (last - 1) * 15 + 1, to: rows.length, next_page_url: null, prev_page_url: `${base(corp.uniacid)}?page=${last - 1}` });
    expect(r.body.data.data.map((x: { id: number }) => x.id)).toEqual(rows.slice((last - 1) * 15).map((x) => x.id));
    const past = await get(corp.uniacid, [["page", String(last + 1)]]);
    expect(past.body.data).toMatchObject({ current_page: last + 1, data: [], from: null, to: null, total: rows.length, last_page: last });
  });

  it("takes per_page from the knob and reads a bad page as page 1, as Laravel does", async () => {
    sim.setKnobs({ yunzhong: { perPage: 7 } });
    const r = await get(corps[1]!.uniacid, [["page", "x"]]);
    expect(r.body.data).toMatchObject({ current_page: 1, per_page: 7, to: 7, last_page: ceilDiv(rowsOf(corps[1]!.uniacid).length, 7) });
  });

  it("keeps each corp's rows to itself, newest id first", async () => {
    const ids = await allIds(corps[2]!.uniacid, []);
    expect(ids).toEqual(rowsOf(corps[2]!.uniacid).map((r) => r.id));
    expect([...ids].sort((a, b) => b - a)).toEqual(ids);
  });
});

describe("yunzhong row quirks", () => {
  it("renders rows with the vendor sample's types", async () => {
    sim.setKnobs({ yunzhong: { perPage: 1000 } });
    const r = await get(corp.uniacid);
    const byId = new Map(rowsOf(corp.uniacid).map((x) => [x.id, x]));
    const employees = new Map(sim.dataset.employees.map((e) => [`${e.corpId}/${e.userId}`, e]));
    for (const row of r.body.data.data as any[]) {
      const s = byId.get(row.id)!;
      expect(row).toMatchObject({
        uniacid: corp.uniacid,
        crop_id: corp.cropId,
        userid: s.userid,
        external_userid: s.externalUserId,
        remark: s.remark,
        createtime: s.createtime,
        add_way: String(s.addWay),
        status: s.status,
        created_at: s.createdAt,
        tag_id: s.tagIds.join(","),
        tag_name: s.tagNames.join(","),
        oper_userid: s.operUserid,
      });
      expect(JSON.parse(row.remark_mobiles)).toEqual(s.remarkMobiles);
      expect(row.created_at).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
      expect(row.has_one_customer).toMatchObject({ external_userid: s.externalUserId, name: s.customer.name, external_type: s.customer.externalType, gender: s.customer.gender, uid: s.customer.uid, external_profile: s.customer.externalProfile });
      expect(typeof row.has_one_customer.external_profile).toBe("string");
      if (!s.embedsEmployee) expect(row.has_one_employee).toBeNull();
      else {
        const e = employees.get(`${s.corpId}/${s.ownerUserId}`)!;
        expect(row.has_one_employee).toMatchObject({ user_id: e.yunzhongUserId, name: e.name, gender: e.gender, status: e.status, main_department: String(e.mainDepartment), position: e.position });
        expect(String(row.has_one_employee.mobile)).toBe(e.mobile);
      }
    }
    const rows = r.body.data.data as any[];
    expect(rows.some((x) => x.tag_id === "" && x.tag_name === "")).toBe(true);
    expect(rows.some((x) => x.tag_id.includes(","))).toBe(true);
    expect(rows.some((x) => x.has_one_customer.external_profile === "null")).toBe(true);
    expect(rows.some((x) => x.remark_mobiles === "[]")).toBe(true);
    expect(rows.some((x) => x.has_one_employee && typeof x.has_one_employee.mobile === "number")).toBe(true);
    expect(rows.some((x) => x.has_one_employee && typeof x.has_one_employee.mobile === "string")).toBe(true);
    expect(rows.every((x) => x.has_one_employee === null || x.has_one_employee.user_id === x.userid)).toBe(true);
    expect(rows.some((x) => x.status === -1)).toBe(true);
  });

  it("sends has_one_employee null for rows that do not embed it", async () => {
    const bare = sim.dataset.customerRows.find((r) => !r.embedsEmployee)!;
    expect(bare).toBeDefined();
    const r = await get(bare.uniacid, [["search[customer]", bare.externalUserId]]);
    const row = r.body.data.data.find((x: { id: number }) => x.id === bare.id);
    expect(row.has_one_employee).toBeNull();
    expect(r.text).toContain('"has_one_employee":null');
  });

  it("spells the owner as yunzhong does (another case than the canonical userid)", async () => {
    const odd = sim.dataset.customerRows.find((r) => r.uniacid === corp.uniacid && r.userid !== r.ownerUserId)!;
    expect(odd).toBeDefined();
    const r = await get(corp.uniacid, [["search[customer]", odd.externalUserId]]);
    expect(r.body.data.data.find((x: { id: number }) => x.id === odd.id).userid).toBe(odd.userid);
  });
});

describe("yunzhong filters equal the same filter over the dataset", () => {
  const u = corp.uniacid;
  const rows = rowsOf(u);
  const sample = rows.find((r) => r.customer.uid > 0 && r.tagIds.length > 0 && r.remark !== "")!;

  it("search[customer]: substring of the name or the external userid", async () => {
    const name = sample.customer.name.slice(0, 2);
    expect(await allIds(u, [["search[customer]", name]])).toEqual(want(u, (r) => r.customer.name.includes(name) || r.externalUserId.includes(name)));
    const ext = sample.externalUserId.slice(3, 12);
    expect(await allIds(u, [["search[customer]", ext]])).toEqual(want(u, (r) => r.customer.name.includes(ext) || r.externalUserId.includes(ext)));
  });

  it("search[member]: the exact system member uid", async () => {
    const uid = String(sample.customer.uid);
    const ids = await allIds(u, [["search[member]", uid]]);
    expect(ids).toEqual(want(u, (r) => r.customer.uid === sample.customer.uid));
    expect(ids.length).toBeGreaterThan(0);
  });

  it("search[add_way_type]: the exact code, 0 and unknown codes included", async () => {
    for (const code of [1, 201, 0, 99]) {
      const ids = await allIds(u, [["search[add_way_type]", String(code)]]);
      expect(ids).toEqual(want(u, (r) => r.addWay === code));
    }
  });

  it("search[tags_data]: rows carrying that tag id", async () => {
    const tag = sample.tagIds[0]!;
    const ids = await allIds(u, [["search[tags_data]", tag]]);
    expect(ids).toEqual(want(u, (r) => r.tagIds.includes(tag)));
    expect(ids).toContain(sample.id);
  });

  it("search[employee_member]: the owner's userid, compared case-insensitively", async () => {
    const owner = sample.ownerUserId;
    const expected = want(u, (r) => r.userid.toLowerCase() === owner.toLowerCase());
    expect(await allIds(u, [["search[employee_member]", owner.toUpperCase()]])).toEqual(expected);
    expect(await allIds(u, [["search[employee_member]", owner.toLowerCase()]])).toEqual(expected);
  });

  it("search[type] and search[status]", async () => {
    expect(await allIds(u, [["search[type]", "2"]])).toEqual(want(u, (r) => r.customer.externalType === 2));
    const lost = await allIds(u, [["search[status]", "-1"]]);
    expect(lost).toEqual(want(u, (r) => r.status === -1));
    expect(lost.length).toBeGreaterThan(0);
    expect(await allIds(u, [["search[status]", "1"]])).toEqual(want(u, (r) => r.status === 1));
  });

  it("search[time][]: two inclusive unix-second bounds on createtime, in either PHP spelling", async () => {
    const sorted = [...rows].sort((a, b) => a.createtime - b.createtime);
    const lo = sorted[100]!.createtime;
    const hi = sorted[200]!.createtime;
    const expected = want(u, (r) => r.createtime >= lo && r.createtime <= hi);
    expect(expected.length).toBeGreaterThanOrEqual(101);
    expect(await allIds(u, [["search[time][]", String(lo)], ["search[time][]", String(hi)]])).toEqual(expected);
    expect(await allIds(u, [["search[time][0]", String(lo)], ["search[time][1]", String(hi)]])).toEqual(expected);
    expect(await allIds(u, [["search[time][]", "0"], ["search[time][]", String(hi)]])).toEqual(want(u, (r) => r.createtime <= hi));
    expect(await allIds(u, [["search[time][]", String(lo)], ["search[time][]", "2147483647"]])).toEqual(want(u, (r) => r.createtime >= lo));
  });

  it("search[remark]: substring of the remark", async () => {
    expect(await allIds(u, [["search[remark]", "VIP"]])).toEqual(want(u, (r) => r.remark.includes("VIP")));
  });

  it("ANDs filters, and empty ones filter nothing", async () => {
    const params: [string, string][] = [["search[status]", "1"], ["search[type]", "1"], ["search[remark]", "老客户"], ["search[customer]", ""], ["search[tags_data]", ""]];
    expect(await allIds(u, params)).toEqual(want(u, (r) => r.status === 1 && r.customer.externalType === 1 && r.remark.includes("老客户")));
  });

  it("accepts the same search as a form POST", async () => {
    sim.setKnobs({ yunzhong: { perPage: 1000 } });
    const form = new URLSearchParams([["search[status]", "-1"], ["search[time][]", "0"], ["search[time][]", "2147483647"], ["page", "1"]]);
    const r = await call(base(u), { method: "POST", headers: { Cookie: session, "content-type": "application/x-www-form-urlencoded" }, body: form.toString() });
    expect(r.body.data.data.map((x: { id: number }) => x.id)).toEqual(want(u, (x) => x.status === -1));
  });
});
