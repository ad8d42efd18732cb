// Who is departed for the 离职继承 worklist, and when the directory is asked
// (src/loaders/sourcePlan.ts, section 8), on hand-made employees with counted getUser calls.
import { describe, expect, it } from "vitest";
import type { EmployeeFacts } from "../../src/domain/types.js";
import { DEPARTED, employeeRef, nonOwnerMayBeDeparted, ownerDeparture, stillDeparted } from "../../src/loaders/sourcePlan.js";
import { countedDirectory } from "../helpers/countedDirectory.js";

const online = new Map([["13800138000", ["an account"]]]);
const carol = (facts: Omit<EmployeeFacts, "source" | "userId"> = {}) => employeeRef("ww1", "carol", { source: "shiheng", userId: "carol", ...facts });

describe("departed", () => {
  it("is LEFT or DISABLED", () => {
    expect([...DEPARTED].sort()).toEqual(["DISABLED", "LEFT"]);
  });

  it("an owner is judged by their planned status; without one, as someone who owns no rows", () => {
    expect(ownerDeparture("LEFT")).toBe("departed");
    expect(ownerDeparture("DISABLED")).toBe("departed");
    expect(ownerDeparture("ACTIVE")).toBe("stayed");
    expect(ownerDeparture("INACTIVE")).toBe("stayed");
    expect(ownerDeparture("UNKNOWN")).toBe("stayed");
    expect(ownerDeparture(undefined)).toBe("as-non-owner");
  });

  it("the copy their own page embeds outranks a free status: if it says they are here, they are", () => {
    expect(stillDeparted({ source: "yunzhong", userId: "carol", status: "ACTIVE" })).toBe(false);
    expect(stillDeparted({ source: "yunzhong", userId: "carol", status: "DISABLED" })).toBe(true);
    expect(stillDeparted({ source: "yunzhong", userId: "carol" })).toBe(true);
    expect(stillDeparted(null)).toBe(true);
  });
});

describe("nonOwnerMayBeDeparted: only an online account can put someone who owns no rows on the list", () => {
  it("asks nothing when the corp has no online account", async () => {
    const { loaders, calls } = countedDirectory({ carol: { status: "LEFT" } });
    expect(await nonOwnerMayBeDeparted(loaders, carol(), undefined, new Map())).toBe(false);
    expect(calls).toEqual([]);
  });

  it("takes shiheng's status when it defines one", async () => {
    const { loaders, calls } = countedDirectory({ carol: { status: "ACTIVE" } });
    expect(await nonOwnerMayBeDeparted(loaders, carol(), "LEFT", online)).toBe(true);
    expect(await nonOwnerMayBeDeparted(loaders, carol(), "ACTIVE", online)).toBe(false);
    expect(calls).toEqual([]);
  });

  it("asks no directory when a mobile at hand is no online account's, or there is none", async () => {
    const { loaders, calls } = countedDirectory({ carol: { status: "LEFT" } });
    expect(await nonOwnerMayBeDeparted(loaders, carol({ mobileKey: "13900139000" }), undefined, online)).toBe(false);
    expect(await nonOwnerMayBeDeparted(loaders, carol({ mobileKey: null }), undefined, online)).toBe(false);
    expect(calls).toEqual([]);
  });

  it("asks the directory when the mobile at hand is online, or unknown", async () => {
    const { loaders, calls } = countedDirectory({ carol: { status: "LEFT" }, dan: { status: "ACTIVE" } });
    expect(await nonOwnerMayBeDeparted(loaders, carol({ mobileKey: "13800138000" }), undefined, online)).toBe(true);
    const dan = employeeRef("ww1", "dan", { source: "shiheng", userId: "dan" });
    expect(await nonOwnerMayBeDeparted(loaders, dan, undefined, online)).toBe(false);
    expect(calls).toEqual(["carol", "dan"]);
  });

  it("is not departed when the directory carries no status either", async () => {
    const { loaders, calls } = countedDirectory({ carol: {} });
    expect(await nonOwnerMayBeDeparted(loaders, carol(), undefined, online)).toBe(false);
    expect(calls).toEqual(["carol"]);
  });
});
