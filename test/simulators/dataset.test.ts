import { describe, expect, it, vi } from "vitest";
import { SIM_CREDENTIALS } from "../../src/simulators/credentials.js";
import {
  DATASET_NOW,
  generateDataset,
  ONLINE_LOGIN_WITHIN_SECONDS,
  SIZE_PRESETS,
  toChinaTime,
  VENDOR_NAMES,
  type Dataset,
  type SimCorp,
  type SimEmployee,
} from "../../src/simulators/dataset.js";
import { mobileKey } from "../../src/domain/mobile.js";
import { call, ManualClock, postJson, shihengRequest, startSim, yunzhenjiToken } from "../helpers/simulators.js";

const DAY = 86400;
let largeWorld: Dataset | undefined;
const large = (): Dataset => (largeWorld ??= generateDataset({ size: "large" }));
const worlds = (): [string, Dataset][] => [["default", generateDataset()], ["small", generateDataset({ size: "small" })], ["large", large()]];

const mapped = (d: Dataset) => d.corps.filter((c) => c.mapped);
const staffOf = (d: Dataset, corp: SimCorp) => d.employees.filter((e) => e.corpId === corp.corpId);
function customerCounts(d: Dataset, corp: SimCorp): Map<string, number> {
  const counts = new Map<string, number>();
  for (const r of d.customerRows) if (r.corpId === corp.corpId) counts.set(r.ownerUserId, (counts.get(r.ownerUserId) ?? 0) + 1);
  return counts;
}
/** userId -> customer rows, for the corp's owners of one status. */
function ownersOfStatus(d: Dataset, corp: SimCorp, status: SimEmployee["status"]): Record<string, number> {
  const counts = customerCounts(d, corp);
  return Object.fromEntries(staffOf(d, corp).filter((e) => e.status === status && counts.has(e.userId)).map((e) => [e.userId, counts.get(e.userId) ?? 0]));
}
/** The corp's online accounts whose (unmasked) mobile leads to an employee who is not active. */
function onlineAccountsOfGone(d: Dataset, corp: SimCorp) {
  const staff = new Map(staffOf(d, corp).map((e) => [e.userId, e]));
  const counts = customerCounts(d, corp);
  return d.accounts
    .filter((a) => a.yzjCorpId === corp.yzjCorpId && a.online === 1 && a.ownerUserId !== null && staff.get(a.ownerUserId)!.status !== 1)
    .map((a) => ({ id: a.id, userId: a.ownerUserId!, status: staff.get(a.ownerUserId!)!.status, customers: counts.get(a.ownerUserId!) ?? 0 }));
}

describe("the seeded dataset", () => {
  it("is the same for the same seed and differs for another", () => {
    expect(generateDataset({ seed: 7, size: "small" })).toEqual(generateDataset({ seed: 7, size: "small" }));
    expect(generateDataset()).toEqual(generateDataset());
    expect(generateDataset({ seed: 8, size: "small" }).employees[0]).not.toEqual(generateDataset({ seed: 7, size: "small" }).employees[0]);
  });

  it("does not depend on the wall clock: its now is DATASET_NOW, 2026-11-01T00:00:00Z", () => {
    expect(DATASET_NOW).toBe(Date.parse("2026-11-01T00:00:00Z") / 1000);
    const today = generateDataset();
    expect(today.now).toBe(DATASET_NOW);
    vi.useFakeTimers({ toFake: ["Date"] });
    try {
      vi.setSystemTime(new Date("2031-03-04T05:06:07Z"));
      expect(generateDataset()).toEqual(today);
    } finally {
      vi.useRealTimers();
    }
  });

  it("is consistent across vendors: owners, tags and accounts point at real employees", () => {
    const d = generateDataset();
    expect(d.customerRows).toHaveLength(SIZE_PRESETS.default.customerRows);
    const employees = new Map(d.employees.map((e) => [`${e.corpId}/${e.userId}`, e]));
    for (const r of d.customerRows) {
      const owner = employees.get(`${r.corpId}/${r.ownerUserId}`);
      expect(owner?.followUser).toBe(true);
      expect(r.userid.toLowerCase()).toBe(r.ownerUserId.toLowerCase());
    }
    for (const a of d.accounts.filter((x) => x.ownerUserId !== null)) {
      const corp = d.corps.find((c) => c.yzjCorpId === a.yzjCorpId)!;
      expect(employees.get(`${corp.corpId}/${a.ownerUserId}`)?.mobile).toBe(mobileKey(a.mobile));
    }
    // Contacts followed by two employees, lost customers and every add_way the contract names.
    const followers = new Map<string, number>();
    for (const r of d.customerRows) followers.set(r.externalUserId, (followers.get(r.externalUserId) ?? 0) + 1);
    expect([...followers.values()].some((n) => n === 2)).toBe(true);
    expect(d.customerRows.some((r) => r.status === -1)).toBe(true);
    const ways = new Set(d.customerRows.map((r) => r.addWay));
    for (const w of [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 21, 22, 24, 201, 202]) expect(ways.has(w), String(w)).toBe(true);
  });

  it("generates the large preset (100,000 customer rows) and serves a filtered page of it", async () => {
    const d = large();
    expect(d.customerRows).toHaveLength(100_000);
    const sim = await startSim({ dataset: d });
    try {
      const corp = d.corps[1]!;
      const q = new URLSearchParams([["search[status]", "-1"], ["search[type]", "1"]]);
      const r = await call(`${sim.url}/yunzhong/business/${corp.uniacid}/plugin/WechatCustomers/getList?${q}`, { headers: SIM_CREDENTIALS.yunzhong.headers });
      expect(r.body.data.total).toBe(d.customerRows.filter((x) => x.uniacid === corp.uniacid && x.status === -1 && x.customer.externalType === 1).length);
    } finally {
      await sim.close();
    }
  });
});

describe("departed, disabled and inactive employees", () => {
  it("the default world's first corp: its LEFT, DISABLED and INACTIVE owners with their customer counts", () => {
    const d = generateDataset();
    const corp = d.corps[0]!;
    expect(corp.shortName).toBe("星河餐饮");
    expect(ownersOfStatus(d, corp, 5)).toEqual({ ChenQiang: 24, ZhaoChao: 35, ZhuJing: 24 });
    expect(ownersOfStatus(d, corp, 2)).toEqual({ ZhouXiuYing: 27, SunFang: 23, ZhouJuan: 24 });
    expect(ownersOfStatus(d, corp, 4)).toEqual({ LiJun: 28 });
    // The quirks these owners carry: yunzhong spells ChenQiang in lower case, ZhuJing is known to
    // the directory only, shiheng reports ZhouXiuYing's status as 6.
    const e = (userId: string) => staffOf(d, corp).find((x) => x.userId === userId)!;
    expect(e("ChenQiang").yunzhongUserId).toBe("chenqiang");
    expect(e("ZhuJing").inShiheng).toBe(false);
    expect(e("ZhouXiuYing").shihengStatus).toBe(6);
  });

  it("the default world's first corp: the accounts still online of employees who are gone", () => {
    const d = generateDataset();
    expect(onlineAccountsOfGone(d, d.corps[0]!)).toEqual([
      { id: 217, userId: "SunJing", status: 5, customers: 0 },
      { id: 226, userId: "ZhaoChao", status: 5, customers: 35 },
      { id: 236, userId: "ZhuJing", status: 5, customers: 24 },
      { id: 243, userId: "SunFang", status: 2, customers: 23 },
      { id: 266, userId: "LiuJun", status: 5, customers: 0 },
      { id: 267, userId: "YangTao", status: 5, customers: 0 },
    ]);
  });

  it("every corp of every preset has LEFT and DISABLED owners who keep their customers", () => {
    for (const [name, d] of worlds()) {
      for (const corp of mapped(d)) {
        const where = `${name} ${corp.shortName}`;
        const staff = staffOf(d, corp);
        const n = staff.length;
        const counts = customerCounts(d, corp);
        // Every owner (follow-user) has customers, whatever their status.
        expect(staff.filter((e) => e.followUser).every((e) => counts.has(e.userId)), where).toBe(true);
        const owners = (status: number) => staff.filter((e) => e.status === status && counts.has(e.userId)).length;
        expect(owners(5), where).toBeGreaterThanOrEqual(Math.max(1, Math.round(n * 0.03)));
        expect(owners(2), where).toBeGreaterThanOrEqual(Math.max(1, Math.round(n * 0.02)));
        expect(owners(4), where).toBeGreaterThanOrEqual(Math.round(n * 0.01));
        // Still a minority of owners (the small preset's 12 employees only carry the minimums).
        if (n >= 100) expect(owners(5) + owners(2), where).toBeLessThan(owners(1) / 4);
        expect(staff.some((e) => e.status === 5 && !e.followUser), where).toBe(true);
        // They stopped adding customers at least a week before DATASET_NOW.
        const gone = new Set(staff.filter((e) => e.status !== 1).map((e) => e.userId));
        for (const r of d.customerRows) if (r.corpId === corp.corpId && gone.has(r.ownerUserId)) expect(r.createtime, where).toBeLessThanOrEqual(DATASET_NOW - 7 * DAY);
      }
    }
  });

  it("every corp of every preset has accounts of departed employees still online on a cloud phone", () => {
    for (const [name, d] of worlds()) {
      for (const corp of mapped(d)) {
        const where = `${name} ${corp.shortName}`;
        const staff = new Map(staffOf(d, corp).map((e) => [e.userId, e]));
        const gone = onlineAccountsOfGone(d, corp);
        const leftOwners = [...staff.values()].filter((e) => e.status === 5 && e.followUser).length;
        expect(new Set(gone.filter((a) => a.status === 5 && a.customers > 0).map((a) => a.userId)).size, where).toBeGreaterThanOrEqual(Math.min(2, leftOwners));
        expect(gone.some((a) => a.status === 2 && a.customers > 0), where).toBe(true);
        // A departed employee without customers whose account leads to them through shiheng's list.
        expect(gone.some((a) => a.status === 5 && a.customers === 0 && staff.get(a.userId)!.inShiheng), where).toBe(true);
        expect(gone.length, where).toBeGreaterThanOrEqual(3);
      }
    }
  });
});

describe("times relative to DATASET_NOW", () => {
  it("online accounts logged in within the last days, offline ones went offline after their last login", () => {
    for (const [name, d] of worlds()) {
      const online = d.accounts.filter((a) => a.online === 1);
      const offline = d.accounts.filter((a) => a.online === 0);
      expect(online.length, name).toBeGreaterThan(0);
      expect(offline.length, name).toBeGreaterThan(0);
      for (const a of online) {
        expect(a.lastLoginTime, name).toBeGreaterThanOrEqual(DATASET_NOW - ONLINE_LOGIN_WITHIN_SECONDS);
        expect(a.lastLoginTime, name).toBeLessThan(DATASET_NOW);
        // Offline before this login, or never offline since it was set up.
        if (a.lastOfflineTime !== 0) expect(a.lastOfflineTime, name).toBeLessThan(a.lastLoginTime);
      }
      expect(online.some((a) => a.lastOfflineTime === 0) && online.some((a) => a.lastOfflineTime !== 0), name).toBe(true);
      for (const a of offline) {
        expect(a.lastLoginTime, name).toBeGreaterThanOrEqual(DATASET_NOW - 90 * DAY);
        expect(a.lastOfflineTime, name).toBeGreaterThan(a.lastLoginTime);
        expect(a.lastOfflineTime, name).toBeLessThan(DATASET_NOW);
      }
      for (const a of d.accounts) {
        expect(a.ctime, name).toBeGreaterThanOrEqual(Math.min(...d.corps.map((c) => c.ctime)));
        expect(a.ctime, name).toBeLessThan(a.lastLoginTime);
        expect(a.utime, name).toBeGreaterThanOrEqual(Math.max(a.lastLoginTime, a.lastOfflineTime));
        expect(a.utime, name).toBeLessThanOrEqual(DATASET_NOW);
      }
    }
  });

  it("customers were added and synced before DATASET_NOW, some of them this year", () => {
    const d = generateDataset();
    const now = toChinaTime(DATASET_NOW);
    for (const r of d.customerRows) {
      expect(r.createtime).toBeLessThan(DATASET_NOW);
      expect(r.createdAt >= toChinaTime(r.createtime) && r.createdAt <= now).toBe(true);
    }
    expect(d.customerRows.some((r) => r.createtime >= Date.parse("2026-01-01T00:00:00Z") / 1000)).toBe(true);
  });
});

describe("customer companies", () => {
  it("are plausible companies, never a vendor or one of our corps", () => {
    for (const [name, d] of worlds()) {
      const ours = d.corps.flatMap((c) => [c.name, c.shortName]);
      const banned = [...VENDOR_NAMES, ...ours];
      const names = new Set<string>();
      const misfits: string[] = [];
      for (const r of d.customerRows) {
        const c = r.customer;
        // A WeCom user (type 2) works for a company; WeChat users carry none.
        if (c.externalType === 2 ? c.corpName === "" : c.corpName !== "" || c.corpFullName !== "") misfits.push(`${r.id} type ${c.externalType}`);
        if (c.corpFullName !== "" && !(/^\p{Script=Han}{2,3}市\p{Script=Han}+有限公司$/u.test(c.corpFullName) && c.corpFullName.includes(c.corpName.slice(0, 2)))) misfits.push(`${r.id} ${c.corpName} ${c.corpFullName}`);
        for (const company of [c.corpName, c.corpFullName, r.remarkCorpName]) if (company !== "") names.add(company);
      }
      expect(misfits, name).toEqual([]);
      expect([...names].filter((company) => banned.some((b) => company.includes(b) || b.includes(company))), name).toEqual([]);
      expect(names.has("某某公司"), name).toBe(false);
      if (name !== "small") expect(names.size, name).toBeGreaterThanOrEqual(100);
    }
    const d = generateDataset();
    expect(d.customerRows.some((r) => r.customer.externalType === 2 && r.remarkCorpName === r.customer.corpName)).toBe(true);
    expect(d.customerRows.some((r) => r.customer.externalType === 1 && r.remarkCorpName !== "")).toBe(true);
    expect(d.customerRows.some((r) => r.customer.externalType === 2 && r.customer.corpFullName === "")).toBe(true);
  });
});

describe("the vendors report who is gone", () => {
  it("yunzhong still names a departed owner on their rows, and shiheng and the directory report the status", async () => {
    const clock = new ManualClock();
    const sim = await startSim({ clock });
    try {
      const d = sim.dataset;
      const corp = d.corps[0]!;
      const counts = customerCounts(d, corp);
      const gone = staffOf(d, corp).filter((e) => e.status !== 1 && counts.has(e.userId));
      expect(gone.map((e) => e.status).sort()).toEqual([2, 2, 2, 4, 5, 5, 5]);
      const shiheng = new Map<string, any>();
      for (let page = 1; ; page++) {
        const r = await postJson(`${sim.url}/shiheng/open/api/wecom/employee/list`, shihengRequest({ pageNum: page, pageSize: 50 }, clock.now()));
        for (const row of r.body.result.result) shiheng.set(`${row.corpId}/${row.weComUserId}`, row);
        if (page >= r.body.result.pages) break;
      }
      for (const e of gone) {
        sim.setKnobs({ yunzhong: { perPage: 1000 } });
        const q = new URLSearchParams([["search[employee_member]", e.userId]]);
        const r = await call(`${sim.url}/yunzhong/business/${corp.uniacid}/plugin/WechatCustomers/getList?${q}`, { headers: SIM_CREDENTIALS.yunzhong.headers });
        expect(r.body.data.total, e.userId).toBe(counts.get(e.userId));
        const rows = r.body.data.data as any[];
        expect(rows.every((row) => row.userid === e.yunzhongUserId), e.userId).toBe(true);
        const embedded = rows.filter((row) => row.has_one_employee !== null);
        expect(embedded.length, e.userId).toBeGreaterThan(0);
        for (const row of embedded) expect(row.has_one_employee, e.userId).toMatchObject({ user_id: e.yunzhongUserId, status: e.status, disabled: e.status === 2 ? 1 : 0 });
        expect(r.body.data.employee, e.userId).toContainEqual({ user_id: e.yunzhongUserId, name: e.name });

        const user = await postJson(`${sim.url}/directory/api/v1/getUser`, { corpId: corp.corpId, userId: e.userId }, SIM_CREDENTIALS.directory.headers);
        expect(user.body, e.userId).toMatchObject({ errcode: 0, userid: e.userId, status: e.status });
        expect(shiheng.get(`${corp.corpId}/${e.userId}`)?.status, e.userId).toBe(e.inShiheng ? e.shihengStatus : undefined);
      }
    } finally {
      await sim.close();
    }
  });

  it("yunzhenji lists the departed employees' accounts as online, logged in days before DATASET_NOW", async () => {
    const sim = await startSim();
    try {
      const d = sim.dataset;
      const token = await yunzhenjiToken(sim);
      const q = new URLSearchParams({ app_id: SIM_CREDENTIALS.yunzhenji.appId, access_token: token, online: "1", page_size: "100" });
      const r = await call(`${sim.url}/yunzhenji/wechat/list?${q}`);
      expect(r.body.pager.numPages).toBe(1);
      const listed = new Map((r.body.data as any[]).map((row) => [row.id, row]));
      for (const corp of mapped(d)) {
        for (const a of onlineAccountsOfGone(d, corp)) {
          const e = staffOf(d, corp).find((x) => x.userId === a.userId)!;
          const row = listed.get(a.id);
          expect(row, `${a.id}`).toMatchObject({ online: 1, corp_id: corp.yzjCorpId, nickname: e.name });
          expect(mobileKey(row.mobile)).toBe(e.mobile);
          expect(DATASET_NOW - row.last_login_time).toBeLessThanOrEqual(ONLINE_LOGIN_WITHIN_SECONDS);
        }
      }
    } finally {
      await sim.close();
    }
  });
});
