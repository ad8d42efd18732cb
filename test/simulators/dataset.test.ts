import { describe, expect, it } from "vitest";
import { SIM_CREDENTIALS } from "../../src/simulators/credentials.js";
import { generateDataset, SIZE_PRESETS } from "../../src/simulators/dataset.js";
import { mobileKey } from "../../src/domain/mobile.js";
import { call, startSim } from "./helpers.js";

describe("the seeded dataset", () => {
  it("is the same for the same seed and differs for another", () => {
    expect(generateDataset({ seed: 7, size: "small" })).toEqual(generateDataset({ seed: 7, size: "small" }));
    expect(generateDataset({ seed: 8, size: "small" }).employees[0]).not.toEqual(generateDataset({ seed: 7, size: "small" }).employees[0]);
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
    const large = generateDataset({ size: "large" });
    expect(large.customerRows).toHaveLength(100_000);
    const sim = await startSim({ dataset: large });
    try {
      const corp = large.corps[1]!;
      const q = new URLSearchParams([["search[status]", "-1"], ["search[type]", "1"]]);
      const r = await call(`${sim.url}/yunzhong/business/${corp.uniacid}/plugin/WechatCustomers/getList?${q}`, { headers: SIM_CREDENTIALS.yunzhong.headers });
      expect(r.body.data.total).toBe(large.customerRows.filter((x) => x.uniacid === corp.uniacid && x.status === -1 && x.customer.externalType === 1).length);
    } finally {
      await sim.close();
    }
  });
});
