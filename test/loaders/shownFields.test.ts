// What an Employee shows where no source carries a field, and the mobile join's indexes
// (src/loaders/sourcePlan.ts, sections 5 and 6), with counted getUser calls.
import { describe, expect, it } from "vitest";
import {
  employeeRef,
  mobileIndexOrder,
  mobileIndexPlan,
  mobileKeysFor,
  shownDepartmentIds,
  shownGender,
  shownStatus,
  shownText,
  shownUserId,
  statusOrUnknown,
} from "../../src/loaders/sourcePlan.js";
import type { Vendor } from "../../src/errors/codes.js";
import { countedDirectory, directoryDown, noSources } from "../helpers/countedDirectory.js";

const byName = (userId: string) => employeeRef("ww1", userId, { source: "yunzhong", userId, name: userId.toUpperCase() });

describe("the values shown where no source says", () => {
  it("status is UNKNOWN only where no source says, and filters match it as UNKNOWN", async () => {
    expect(statusOrUnknown(undefined)).toBe("UNKNOWN");
    expect(statusOrUnknown("LEFT")).toBe("LEFT");
    // No directory to ask: UNKNOWN, not an error.
    expect(await shownStatus(noSources(), byName("erin"))).toBe("UNKNOWN");
    const { loaders, calls } = countedDirectory({ erin: {}, finn: { status: "DISABLED" } });
    expect(await shownStatus(loaders, byName("erin"))).toBe("UNKNOWN");
    expect(await shownStatus(loaders, byName("finn"))).toBe("DISABLED");
    expect(calls).toEqual(["erin", "finn"]);
  });

  it("a failed source is never shown as UNKNOWN, UNSPECIFIED or []: its error propagates", async () => {
    const down = directoryDown();
    const { loaders } = countedDirectory({ erin: down });
    await expect(shownStatus(loaders, byName("erin"))).rejects.toBe(down);
    await expect(shownGender(loaders, byName("erin"))).rejects.toBe(down);
    await expect(shownDepartmentIds(loaders, byName("erin"))).rejects.toBe(down);
  });

  it("gender is UNSPECIFIED and departmentIds [] where the profile carries none", async () => {
    const { loaders, calls } = countedDirectory({ erin: {}, finn: { gender: "FEMALE", departmentIds: [3, 1] } });
    expect(await shownGender(loaders, byName("erin"))).toBe("UNSPECIFIED");
    expect(await shownDepartmentIds(loaders, byName("erin"))).toEqual([]);
    expect(await shownGender(loaders, byName("finn"))).toBe("FEMALE");
    expect(await shownDepartmentIds(loaders, byName("finn"))).toEqual([3, 1]);
    // One getUser per employee, however many fields.
    expect(calls).toEqual(["erin", "finn"]);
  });

  it("the userid is spelled as the best source at hand spells it", () => {
    const ref = employeeRef("ww1", "gus", { source: "shiheng", userId: "Gus" }, { source: "yunzhong", userId: "GUS" });
    expect(shownUserId(ref)).toBe("GUS");
    expect(shownUserId(employeeRef("ww1", "gus"))).toBe("gus");
  });

  it("a text field at hand is answered synchronously, null included; otherwise by the per-field rule", async () => {
    const { loaders, calls } = countedDirectory({ hana: { mobile: "13700137000" } });
    const ref = employeeRef("ww1", "hana", { source: "yunzhong", userId: "hana", name: "Hana", email: null });
    expect(shownText(loaders, ref, "name")).toBe("Hana");
    expect(shownText(loaders, ref, "email")).toBeNull();
    expect(calls).toEqual([]);
    const mobile = shownText(loaders, ref, "mobile");
    expect(mobile).toBeInstanceOf(Promise);
    expect(await mobile).toBe("13700137000");
    expect(await shownText(loaders, ref, "position")).toBeNull();
    expect(calls).toEqual(["hana"]);
  });
});

describe("the mobile join's indexes", () => {
  const has = (...vendors: Vendor[]) => ({ has: (vendor: Vendor) => vendors.includes(vendor) });

  it("asks the complete index only after a miss in shiheng's, and only with a directory", () => {
    expect(mobileIndexOrder(has("shiheng", "directory"))).toEqual(["partial", "complete"]);
    expect(mobileIndexOrder(has("shiheng", "yunzhong"))).toEqual(["partial"]);
  });

  it("builds the partial index from shiheng alone, the complete one also from the directory and yunzhong's catalogue", () => {
    expect(mobileIndexPlan(has("shiheng", "directory", "yunzhong"), "partial", 7)).toEqual({ kind: "partial", inputs: ["shiheng"], catalogue: false });
    expect(mobileIndexPlan(has("shiheng", "directory", "yunzhong"), "complete", 7)).toEqual({ kind: "complete", inputs: ["shiheng", "directory", "yunzhong"], catalogue: true });
    // A corp not on yunzhong, or yunzhong off: no catalogue to add.
    expect(mobileIndexPlan(has("shiheng", "directory", "yunzhong"), "complete", null)).toEqual({ kind: "complete", inputs: ["shiheng", "directory"], catalogue: false });
    expect(mobileIndexPlan(has("shiheng", "directory"), "complete", 7)).toEqual({ kind: "complete", inputs: ["shiheng", "directory"], catalogue: false });
  });

  it("files the partial index by mobiles at hand only, the complete one by the per-field rule", async () => {
    const { loaders, calls } = countedDirectory({ ivy: { mobileKey: "13600136000" } });
    const refs = [employeeRef("ww1", "jo", { source: "shiheng", userId: "jo", mobileKey: "13500135000" }), byName("ivy")];
    expect(await mobileKeysFor(loaders, refs, "partial")).toEqual(["13500135000", undefined]);
    expect(calls).toEqual([]);
    expect(await mobileKeysFor(loaders, refs, "complete")).toEqual(["13500135000", "13600136000"]);
    expect(calls).toEqual(["ivy"]);
  });
});
