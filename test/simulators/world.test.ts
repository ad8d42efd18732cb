// The world knob (POST /__world, sim.world()): changes made while the simulators run, seen the same
// way by every vendor endpoint, checked where they come from, and undone by /__reset.
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { SIM_CREDENTIALS } from "../../src/simulators/credentials.js";
import { DATASET_NOW, generateDataset } from "../../src/simulators/dataset.js";
import type { RunningSimulators } from "../../src/simulators/startSimulators.js";
import { WorldError } from "../../src/simulators/world.js";
import { call, ManualClock, postJson, startSim, yunzhenjiToken } from "../helpers/simulators.js";

// A clock before the seeded world's "now": changes are still stamped after it.
const clock = new ManualClock(DATASET_NOW * 1000 - 86_400_000);
const sim: RunningSimulators = await startSim({ size: "small", clock });
afterAll(() => sim.close());
beforeEach(() => sim.reset());

const corp = sim.dataset.corps.find((c) => c.mapped)!;
const owner = sim.dataset.employees.find((e) => e.corpId === corp.corpId && e.followUser && e.yunzhongUserId !== e.userId) ?? sim.dataset.employees.find((e) => e.corpId === corp.corpId && e.followUser)!;
const world = (change: unknown) => postJson(`${sim.url}/__world`, change);

async function accounts(online: "0" | "1" | "") {
  const token = await yunzhenjiToken(sim);
  const r = await call(`${sim.url}/yunzhenji/wechat/list?app_id=${SIM_CREDENTIALS.yunzhenji.appId}&access_token=${token}&page_size=100&online=${online}`);
  return r.body as { data: any[]; pager: { numRecords: number } };
}

async function customers(query = "") {
  const r = await call(`${sim.url}/yunzhong/business/${corp.uniacid}/plugin/WechatCustomers/getList?${query}`, { headers: SIM_CREDENTIALS.yunzhong.headers });
  return r.body.data as { data: any[]; total: number };
}

describe("accounts", () => {
  it("go offline and online with yunzhenji's times and online filter following, by id or by wxid", async () => {
    const account = sim.dataset.accounts.find((a) => a.online === 1)!;
    const onlineBefore = (await accounts("1")).pager.numRecords;
    const off = await world({ account: { wxid: account.wxid, online: false } });
    expect(off.status).toBe(200);
    expect(off.body).toEqual({ ok: true, changed: true, account: { ...account, online: 0, lastOfflineTime: DATASET_NOW, utime: DATASET_NOW } });
    expect((await accounts("1")).pager.numRecords).toBe(onlineBefore - 1);
    const row = (await accounts("0")).data.find((a) => a.id === account.id);
    expect(row).toMatchObject({ wxid: account.wxid, online: 0, last_offline_time: DATASET_NOW, last_login_time: account.lastLoginTime });

    // Once the clock is past the seeded "now", changes carry its time.
    const saved = clock.t;
    clock.t = (DATASET_NOW + 90) * 1000;
    try {
      const on = sim.world({ account: { id: account.id, online: true } });
      expect(on).toEqual({ changed: true, account: { ...account, online: 1, lastLoginTime: DATASET_NOW + 90, lastOfflineTime: DATASET_NOW, utime: DATASET_NOW + 90 } });
      expect((await accounts("1")).pager.numRecords).toBe(onlineBefore);
      expect(sim.world({ account: { id: account.id, online: true } }).changed).toBe(false);
    } finally {
      clock.t = saved;
    }
  });
});

describe("customers", () => {
  it("a new follow row is yunzhong's newest: next id, first on page 1, in the totals, rendered like any row", async () => {
    const before = await customers();
    const tag = sim.dataset.tags.find((t) => t.corpId === corp.corpId)!;
    const r = await world({ customer: { add: { corpId: corp.corpId, ownerUserId: owner.userId.toLowerCase(), name: "新来的", remark: "展会", tagIds: [tag.tagId], addWay: 2 } } });
    expect(r.status).toBe(200);
    const made = r.body.customer;
    const id = Math.max(...sim.dataset.customerRows.map((x) => x.id)) + 1;
    expect(made).toMatchObject({ id, corpId: corp.corpId, ownerUserId: owner.userId, userid: owner.yunzhongUserId, status: 1, createtime: DATASET_NOW, createdAt: "2026-11-01 08:00:00", addWay: 2, remark: "展会", tagIds: [tag.tagId], tagNames: [tag.name] });
    expect(made.externalUserId).toMatch(/^wm[0-9a-f]{30}$/);
    expect(made.customer).toMatchObject({ name: "新来的", externalType: 1, externalUserId: made.externalUserId, id: Math.max(...sim.dataset.customerRows.map((x) => x.customer.id)) + 1 });

    const after = await customers();
    expect(after.total).toBe(before.total + 1);
    expect(after.data[0]).toMatchObject({
      id,
      userid: owner.yunzhongUserId,
      external_userid: made.externalUserId,
      createtime: DATASET_NOW,
      add_way: "2",
      status: 1,
      tag_id: tag.tagId,
      tag_name: tag.name,
      remark: "展会",
      has_one_customer: { name: "新来的", external_type: 1 },
      has_one_employee: { user_id: owner.yunzhongUserId, name: owner.name },
    });
    expect(after.data[1].id).toBe(before.data[0].id);
    expect((await customers(`search[customer]=${made.externalUserId}`)).total).toBe(1);
  });

  it("an existing contact can follow one more employee, once", async () => {
    const row = sim.dataset.customerRows.find((x) => x.corpId === corp.corpId && x.ownerUserId !== owner.userId && !sim.dataset.customerRows.some((y) => y.externalUserId === x.externalUserId && y.ownerUserId === owner.userId))!;
    const made = sim.world({ customer: { add: { corpId: corp.corpId, ownerUserId: owner.userId, externalUserId: row.externalUserId } } });
    expect("customer" in made && made.customer.customer).toEqual(row.customer);
    expect(() => sim.world({ customer: { add: { corpId: corp.corpId, ownerUserId: owner.userId, externalUserId: row.externalUserId } } })).toThrow(`customer.add: ${row.externalUserId} already follows ${owner.userId}`);
  });

  it("a lost row keeps its place and id, turns -1, and moves between the status lists and their totals", async () => {
    const row = [...sim.dataset.customerRows].reverse().find((x) => x.corpId === corp.corpId && x.status === 1)!;
    const lostBefore = (await customers("search[status]=-1")).total;
    const normalBefore = (await customers("search[status]=1")).total;
    const r = await world({ customer: { lose: { externalUserId: row.externalUserId, ownerUserId: row.ownerUserId.toUpperCase() } } });
    expect(r.body).toEqual({ ok: true, changed: true, customer: { ...row, status: -1 } });
    const lost = await customers("search[status]=-1&page=999");
    expect(lost.total).toBe(lostBefore + 1);
    expect((await customers("search[status]=1")).total).toBe(normalBefore - 1);
    const all = await customers(`search[customer]=${row.externalUserId}`);
    expect(all.data.find((x) => x.id === row.id)).toMatchObject({ status: -1 });
    expect(sim.world({ customer: { lose: row.id } }).changed).toBe(false);
  });
});

describe("checks", () => {
  it.each([
    [{}, "a world change is exactly one of account, customer.add or customer.lose; got none"],
    [{ account: { id: 1, online: true }, customer: { lose: 1 } }, "a world change is exactly one of account, customer.add or customer.lose; got account and customer.lose"],
    [{ account: { id: "1", online: true } }, "bad world change at account.id: Invalid input: expected number, received string"],
    [{ account: { id: 1, wxid: "x", online: true } }, "account: name the account by exactly one of id (yunzhenji's) or wxid"],
    [{ account: { id: 1, online: true, extra: 1 } }, 'bad world change at account: Unrecognized key: "extra"'],
    [{ account: { id: 999999, online: true } }, "account.id: no yunzhenji account 999999"],
    [{ account: { wxid: "wxid_nobody", online: true } }, 'account.wxid: no yunzhenji account with wxid "wxid_nobody"'],
    [{ customer: { lose: 999999 } }, "customer.lose: no yunzhong customer row 999999"],
    [{ customer: { add: { corpId: "wwnobody", ownerUserId: "x" } } }, 'customer.add.corpId: no corp "wwnobody" at yunzhong'],
    [{ customer: { add: { corpId: corp.corpId, ownerUserId: "NoSuchPerson" } } }, `customer.add.ownerUserId: no employee "NoSuchPerson" in corp ${corp.corpId}`],
    [{ customer: { add: { corpId: corp.corpId, ownerUserId: owner.userId, tagIds: ["etnope"] } } }, `customer.add.tagIds: no tag "etnope" in corp ${corp.corpId}'s catalogue`],
  ])("%j is refused with HTTP 400 naming what is wrong, and changes nothing", async (change, error) => {
    const r = await world(change);
    expect(r.status).toBe(400);
    expect(r.body).toEqual({ error });
    expect(() => sim.world(change as never)).toThrow(new WorldError(error));
    expect((await customers()).total).toBe(sim.dataset.customerRows.filter((x) => x.corpId === corp.corpId).length);
  });

  it("an employee without customer-contact rights follows no one", () => {
    const staff = sim.dataset.employees.find((e) => e.corpId === corp.corpId && !e.followUser)!;
    expect(() => sim.world({ customer: { add: { corpId: corp.corpId, ownerUserId: staff.userId } } })).toThrow(`customer.add.ownerUserId: ${staff.userId} has no customer-contact rights (followUser), so WeCom lets them follow no customer`);
  });

  it("takes POST with a JSON object only", async () => {
    expect((await call(`${sim.url}/__world`)).status).toBe(405);
    const r = await call(`${sim.url}/__world`, { method: "POST", body: "[1]" });
    expect(r.status).toBe(400);
    expect(r.body).toEqual({ error: "the body must be a JSON object: one world change" });
  });
});

describe("reset", () => {
  it("restores the seeded world, which the changes never touched", async () => {
    const account = sim.dataset.accounts.find((a) => a.online === 1)!;
    const firstBefore = (await customers()).data[0];
    sim.world({ account: { id: account.id, online: false } });
    sim.world({ customer: { add: { corpId: corp.corpId, ownerUserId: owner.userId } } });
    sim.world({ customer: { lose: firstBefore.id } });
    expect(sim.dataset).toEqual(generateDataset({ seed: sim.dataset.seed, size: "small" }));
    const r = await call(`${sim.url}/__reset`, { method: "POST" });
    expect(r.status).toBe(200);
    expect((await customers()).data[0]).toEqual(firstBefore);
    expect((await accounts("0")).data.some((a) => a.id === account.id)).toBe(false);
    // The world's clock starts again from the seeded "now".
    expect(sim.world({ account: { id: account.id, online: false } })).toMatchObject({ changed: true, account: { lastOfflineTime: DATASET_NOW } });
  });
});
