// The three watches against the simulators through the real vendor clients: exact events for
// exact world changes, and the vendor calls each poll costs (simulator counters).
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { CorpDirectory, type Corp } from "../../src/domain/corps.js";
import { watchAccounts } from "../../src/live/watchAccounts.js";
import { watchCustomersAdded } from "../../src/live/watchCustomersAdded.js";
import { FULL_WALK_EVERY, watchCustomersLost } from "../../src/live/watchCustomersLost.js";
import { SIM_CREDENTIALS } from "../../src/simulators/credentials.js";
import { simulatorConfig } from "../../src/simulators/simulatorConfig.js";
import { startSimulators } from "../../src/simulators/startSimulators.js";
import { YunzhenjiClient } from "../../src/vendors/yunzhenji/YunzhenjiClient.js";
import { YunzhongClient } from "../../src/vendors/yunzhong/YunzhongClient.js";

const sim = await startSimulators({});
afterAll(() => sim.close());
const PER_PAGE = 4;
beforeEach(() => {
  sim.reset();
  sim.setKnobs({ yunzhong: { perPage: PER_PAGE } });
});

const corps = new CorpDirectory(simulatorConfig(sim.url, sim.dataset).corps);
const simCorp = sim.dataset.corps.find((c) => c.mapped)!;
const corp = corps.get(simCorp.corpId) as Corp & { yunzhong: { uniacid: number; cropId: number } };
const yunzhong = new YunzhongClient({ baseUrl: `${sim.url}/yunzhong`, headers: SIM_CREDENTIALS.yunzhong.headers, retryBaseDelayMs: 1 });
const yunzhenji = new YunzhenjiClient({ baseUrl: `${sim.url}/yunzhenji`, ...SIM_CREDENTIALS.yunzhenji });
const call = {};
const owner = sim.dataset.employees.find((e) => e.corpId === simCorp.corpId && e.followUser)!;
const rowsOf = () => sim.dataset.customerRows.filter((r) => r.corpId === simCorp.corpId);

/** The getList calls `run` makes. */
async function getLists<T>(run: () => Promise<T>): Promise<{ value: T; calls: number }> {
  const before = sim.stats().yunzhong.getList;
  const value = await run();
  return { value, calls: sim.stats().yunzhong.getList - before };
}

describe("watchCustomersAdded", () => {
  it("costs one call per poll; rows added since come oldest first, reading on only while a whole page is new", async () => {
    const watch = watchCustomersAdded(yunzhong, corp);
    expect((await getLists(() => watch.baseline(call))).calls).toBe(1);
    expect(await getLists(() => watch.poll(call))).toEqual({ value: [], calls: 1 });

    const one = sim.world({ customer: { add: { corpId: simCorp.corpId, ownerUserId: owner.userId, name: "甲" } } });
    const polled = await getLists(() => watch.poll(call));
    expect(polled.calls).toBe(1);
    expect(polled.value.map((n) => [n.row.rowId, n.row.name, n.row.status, n.corp.corpId])).toEqual([["customer" in one ? one.customer.id : 0, "甲", "NORMAL", simCorp.corpId]]);

    // Six rows with a page of four: page 1 is all new, page 2 shows the old ones again.
    const six = Array.from({ length: 6 }, (_, i) => sim.world({ customer: { add: { corpId: simCorp.corpId, ownerUserId: owner.userId, name: `乙${i}` } } }));
    const caughtUp = await getLists(() => watch.poll(call));
    expect(caughtUp.calls).toBe(2);
    expect(caughtUp.value.map((n) => n.row.name)).toEqual(["乙0", "乙1", "乙2", "乙3", "乙4", "乙5"]);
    expect(caughtUp.value.map((n) => n.row.rowId)).toEqual(six.map((r) => ("customer" in r ? r.customer.id : 0)));
    expect(await getLists(() => watch.poll(call))).toEqual({ value: [], calls: 1 });
  });

  it("a failed poll changes nothing: the next one reports the rows it missed", async () => {
    const watch = watchCustomersAdded(yunzhong, corp);
    await watch.baseline(call);
    sim.world({ customer: { add: { corpId: simCorp.corpId, ownerUserId: owner.userId, name: "丙" } } });
    sim.setKnobs({ yunzhong: { failNext: 3, failWith: "http500" } });
    await expect(watch.poll(call)).rejects.toMatchObject({ code: "UPSTREAM_ERROR", vendor: "yunzhong" });
    expect((await watch.poll(call)).map((n) => n.row.name)).toEqual(["丙"]);
  });
});

describe("watchCustomersLost", () => {
  it("costs one call while the lost list keeps its total and first page; a row lost anywhere costs one walk of the lost list", async () => {
    const lostRows = rowsOf().filter((r) => r.status === -1);
    const walk = Math.ceil(lostRows.length / PER_PAGE);
    expect(walk).toBeGreaterThan(2);
    const watch = watchCustomersLost(yunzhong, corp);
    expect((await getLists(() => watch.baseline(call))).calls).toBe(walk);
    expect(await getLists(() => watch.poll(call))).toEqual({ value: [], calls: 1 });

    // The oldest normal row sorts last in the lost list too.
    const old = [...rowsOf()].reverse().find((r) => r.status === 1)!;
    sim.world({ customer: { lose: old.id } });
    const polled = await getLists(() => watch.poll(call));
    expect(polled.calls).toBe(Math.ceil((lostRows.length + 1) / PER_PAGE));
    expect(polled.value.map((n) => [n.row.rowId, n.row.externalUserId, n.row.status])).toEqual([[old.id, old.externalUserId, "LOST"]]);
    expect(await getLists(() => watch.poll(call))).toEqual({ value: [], calls: 1 });
  });

  it(`walks the whole lost list every ${FULL_WALK_EVERY} polls even when nothing seems to change`, async () => {
    const walk = Math.ceil(rowsOf().filter((r) => r.status === -1).length / PER_PAGE);
    const watch = watchCustomersLost(yunzhong, corp);
    await watch.baseline(call);
    const costs: number[] = [];
    for (let i = 0; i < FULL_WALK_EVERY * 2; i++) costs.push((await getLists(() => watch.poll(call))).calls);
    const quiet = Array.from({ length: FULL_WALK_EVERY - 1 }, () => 1);
    expect(costs).toEqual([...quiet, walk, ...quiet, walk]);
  });
});

describe("watchAccounts", () => {
  it("walks the whole list (100 a page) per poll and reports each flip once, in any corp; an account first seen online counts", async () => {
    const pages = Math.ceil(sim.dataset.accounts.length / 100);
    expect(pages).toBeGreaterThan(1);
    const wechatLists = async <T,>(run: () => Promise<T>) => {
      const before = sim.stats().yunzhenji["wechat/list"];
      const value = await run();
      return { value, calls: sim.stats().yunzhenji["wechat/list"] - before };
    };
    const watch = watchAccounts(yunzhenji);
    expect((await wechatLists(() => watch.baseline(call))).calls).toBe(pages);
    expect(await wechatLists(() => watch.poll(call))).toEqual({ value: [], calls: pages });

    const [a, b] = sim.dataset.accounts.filter((x) => x.online === 1 && x.yzjCorpId !== sim.dataset.accounts[0]!.yzjCorpId);
    const offline = sim.dataset.accounts.find((x) => x.online === 0)!;
    sim.world({ account: { id: a!.id, online: false } });
    sim.world({ account: { wxid: b!.wxid, online: false } });
    sim.world({ account: { id: offline.id, online: true } });
    const flips = await watch.poll(call);
    expect(flips.map((x) => [x.id, x.wxid, x.online]).sort()).toEqual(
      [
        [a!.id, a!.wxid, false],
        [b!.id, b!.wxid, false],
        [offline.id, offline.wxid, true],
      ].sort(),
    );
    expect(await watch.poll(call)).toEqual([]);
  });
});
