// An owner's status, best source first (src/loaders/sourcePlan.ts, section 7): what is free,
// what costs a page of their own search, and when the directory is asked, counted.
import { describe, expect, it } from "vitest";
import type { EmployeeFacts } from "../../src/domain/types.js";
import { askedOwnerStatus, employeeRef, freeOwnerStatus, keptEmbeddedCopy, rowOwnerStatus } from "../../src/loaders/sourcePlan.js";
import { countedDirectory, directoryDown } from "../helpers/countedDirectory.js";

const yunzhong = (status?: EmployeeFacts["status"]): EmployeeFacts => ({ source: "yunzhong", userId: "bob", name: "Bob", ...(status ? { status } : {}) });
const shiheng = (status?: EmployeeFacts["status"]): EmployeeFacts => ({ source: "shiheng", userId: "bob", name: "Bob", ...(status ? { status } : {}) });
const bob = (...known: EmployeeFacts[]) => employeeRef("ww1", "bob", ...known);

describe("freeOwnerStatus: the catalogue page's embedded copy, else shiheng's defined status", () => {
  it("takes yunzhong's copy over shiheng's", () => {
    expect(freeOwnerStatus(yunzhong("LEFT"), shiheng("ACTIVE"))).toBe("LEFT");
  });

  it("takes shiheng's when the page embeds no copy, or one without a status", () => {
    expect(freeOwnerStatus(null, shiheng("DISABLED"))).toBe("DISABLED");
    expect(freeOwnerStatus(yunzhong(), shiheng("INACTIVE"))).toBe("INACTIVE");
  });

  it("says nothing when neither does (shiheng's 0 or 6 is no status)", () => {
    expect(freeOwnerStatus(yunzhong(), shiheng())).toBeUndefined();
    expect(freeOwnerStatus(null, undefined)).toBeUndefined();
  });
});

describe("askedOwnerStatus: page 1 of their own search, then the directory", () => {
  it("asks nothing more about an owner of no rows", async () => {
    const { loaders, calls } = countedDirectory({ bob: { status: "LEFT" } });
    expect(await askedOwnerStatus(loaders, bob(), { total: 0, embedded: null })).toBeUndefined();
    expect(calls).toEqual([]);
  });

  it("takes the copy their page embeds, without a getUser", async () => {
    const { loaders, calls } = countedDirectory({ bob: { status: "LEFT" } });
    expect(await askedOwnerStatus(loaders, bob(yunzhong("DISABLED")), { total: 3, embedded: yunzhong("DISABLED") })).toBe("DISABLED");
    expect(calls).toEqual([]);
  });

  it("asks the directory once when their page embeds no status", async () => {
    const { loaders, calls } = countedDirectory({ bob: { status: "LEFT" } });
    expect(await askedOwnerStatus(loaders, bob(yunzhong()), { total: 3, embedded: yunzhong() })).toBe("LEFT");
    expect(calls).toEqual(["bob"]);
  });

  it("is UNKNOWN when the directory does not carry one, and the directory's error when it fails", async () => {
    const { loaders } = countedDirectory({ bob: {} });
    expect(await askedOwnerStatus(loaders, bob(), { total: 1, embedded: null })).toBe("UNKNOWN");
    const down = directoryDown();
    const failing = countedDirectory({ bob: down });
    await expect(askedOwnerStatus(failing.loaders, bob(), { total: 1, embedded: null })).rejects.toBe(down);
  });
});

describe("rowOwnerStatus: the row's embedded status, else the plan's, else the directory", () => {
  it("judges a row by the status it embeds, whatever the plan found", async () => {
    const { loaders, calls } = countedDirectory({ bob: { status: "ACTIVE" } });
    expect(await rowOwnerStatus(loaders, yunzhong("LEFT"), bob(yunzhong("LEFT")), "ACTIVE")).toBe("LEFT");
    expect(calls).toEqual([]);
  });

  it("takes the plan's status for a row that embeds none", async () => {
    const { loaders, calls } = countedDirectory({ bob: { status: "ACTIVE" } });
    expect(await rowOwnerStatus(loaders, null, bob(), "DISABLED")).toBe("DISABLED");
    expect(await rowOwnerStatus(loaders, yunzhong(), bob(yunzhong()), "INACTIVE")).toBe("INACTIVE");
    expect(calls).toEqual([]);
  });

  it("asks the directory for an owner the plan does not name", async () => {
    const { loaders, calls } = countedDirectory({ bob: { status: "LEFT" } });
    expect(await rowOwnerStatus(loaders, null, bob(), undefined)).toBe("LEFT");
    expect(calls).toEqual(["bob"]);
  });

  it("has no status for a row that names no owner", async () => {
    const { loaders, calls } = countedDirectory({});
    expect(await rowOwnerStatus(loaders, null, null, "ACTIVE")).toBeUndefined();
    expect(calls).toEqual([]);
  });
});

describe("keptEmbeddedCopy: of a page's copies of one owner, the first stating a status", () => {
  it("keeps the first, unless it states no status and a later one does", () => {
    const first = yunzhong();
    const withStatus = yunzhong("LEFT");
    const later = yunzhong("ACTIVE");
    expect(keptEmbeddedCopy(undefined, first)).toBe(first);
    expect(keptEmbeddedCopy(first, withStatus)).toBe(withStatus);
    expect(keptEmbeddedCopy(withStatus, later)).toBe(withStatus);
    expect(keptEmbeddedCopy(first, yunzhong())).toBe(first);
  });
});
