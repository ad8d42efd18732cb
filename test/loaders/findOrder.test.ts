// The order findEmployee asks the sources in, and what each one's failure means
// (src/loaders/sourcePlan.ts, section 6), over hand-made look-ups that record who was asked.
import { describe, expect, it } from "vitest";
import type { EmployeeSource } from "../../src/domain/types.js";
import type { Vendor } from "../../src/errors/codes.js";
import { employeeRef, FIND_ORDER, findInOrder, yunzhongCopy, type EmployeeLookup, type EmployeeRef } from "../../src/loaders/sourcePlan.js";
import { UpstreamError } from "../../src/vendors/http/UpstreamError.js";

const found = (source: EmployeeSource): EmployeeRef => employeeRef("ww1", "alice", { source, userId: "alice", name: `alice of ${source}` });
const failure = (vendor: Vendor) => new UpstreamError({ vendor, endpoint: "x", code: "UPSTREAM_ERROR", message: `${vendor} failed` });
const noPrivilege = () => new UpstreamError({ vendor: "directory", endpoint: "getUser", code: "UPSTREAM_UNAUTHORIZED", message: "60011", vendorCode: 60011 });

/** Each source answers as told (a ref, null, or an error to throw); `asked` records the order. */
function world(answers: Partial<Record<EmployeeSource, EmployeeRef | null | Error>>, configured: readonly Vendor[] = ["directory", "shiheng", "yunzhong"]) {
  const asked: EmployeeSource[] = [];
  const lookup =
    (source: EmployeeSource): EmployeeLookup =>
    async () => {
      asked.push(source);
      const answer = answers[source] ?? null;
      if (answer instanceof Error) throw answer;
      return answer;
    };
  const loaders = { has: (vendor: Vendor) => configured.includes(vendor) };
  return { loaders, lookups: { directory: lookup("directory"), shiheng: lookup("shiheng"), yunzhong: lookup("yunzhong") }, asked };
}

describe("findInOrder", () => {
  it("asks the directory, then shiheng's list, then yunzhong", () => {
    expect(FIND_ORDER).toEqual(["directory", "shiheng", "yunzhong"]);
  });

  it("stops at the first source that lists them", async () => {
    const w = world({ directory: null, shiheng: found("shiheng"), yunzhong: found("yunzhong") });
    expect(await findInOrder(w.loaders, w.lookups, true)).toEqual(found("shiheng"));
    expect(w.asked).toEqual(["directory", "shiheng"]);
  });

  it("asks every source before saying nobody lists them", async () => {
    const w = world({});
    expect(await findInOrder(w.loaders, w.lookups, true)).toBeNull();
    expect(w.asked).toEqual(["directory", "shiheng", "yunzhong"]);
  });

  it("asks only configured sources", async () => {
    const w = world({ directory: found("directory"), yunzhong: found("yunzhong") }, ["yunzhong"]);
    expect(await findInOrder(w.loaders, w.lookups, true)).toEqual(found("yunzhong"));
    expect(w.asked).toEqual(["yunzhong"]);
  });

  it("passes over a failing directory while a list names them", async () => {
    const w = world({ directory: failure("directory"), yunzhong: found("yunzhong") });
    expect(await findInOrder(w.loaders, w.lookups, true)).toEqual(found("yunzhong"));
    expect(w.asked).toEqual(["directory", "shiheng", "yunzhong"]);
  });

  it("reports the directory's failure when no list names them", async () => {
    const down = failure("directory");
    const w = world({ directory: down });
    await expect(findInOrder(w.loaders, w.lookups, true)).rejects.toBe(down);
    expect(w.asked).toEqual(["directory", "shiheng", "yunzhong"]);
  });

  it("ends the search at a failing list, reporting the first error", async () => {
    const directoryDown = failure("directory");
    const both = world({ directory: directoryDown, shiheng: failure("shiheng"), yunzhong: found("yunzhong") });
    await expect(findInOrder(both.loaders, both.lookups, true)).rejects.toBe(directoryDown);
    expect(both.asked).toEqual(["directory", "shiheng"]);

    const shihengDown = failure("shiheng");
    const list = world({ directory: null, shiheng: shihengDown, yunzhong: found("yunzhong") });
    await expect(findInOrder(list.loaders, list.lookups, true)).rejects.toBe(shihengDown);
    expect(list.asked).toEqual(["directory", "shiheng"]);
  });

  it("reads the directory's 60011 as an unknown corp only for a corp the config does not list", async () => {
    const unlisted = world({ directory: noPrivilege() });
    expect(await findInOrder(unlisted.loaders, unlisted.lookups, false)).toBeNull();
    expect(unlisted.asked).toEqual(["directory", "shiheng", "yunzhong"]);

    const refused = noPrivilege();
    const listed = world({ directory: refused });
    await expect(findInOrder(listed.loaders, listed.lookups, true)).rejects.toBe(refused);

    const down = failure("directory");
    const other = world({ directory: down });
    await expect(findInOrder(other.loaders, other.lookups, false)).rejects.toBe(down);
  });

  it("names the directory missing when no source is configured", async () => {
    const w = world({}, []);
    await expect(findInOrder(w.loaders, w.lookups, false)).rejects.toMatchObject({ code: "VENDOR_NOT_CONFIGURED", vendor: "directory" });
    expect(w.asked).toEqual([]);
  });
});

describe("yunzhongCopy: yunzhong's copy of an employee", () => {
  const embedded = { source: "yunzhong" as const, userId: "Alice", name: "Alice Embedded", status: "ACTIVE" as const };

  it("a row they own embeds the fullest copy, which outranks the catalogue's entry", () => {
    expect(yunzhongCopy("alice", { userId: "ALICE", name: "Alice" }, { ownerFacts: embedded })).toBe(embedded);
  });

  it("else the catalogue's userid and name, spelled as the catalogue spells them", () => {
    expect(yunzhongCopy("alice", { userId: "ALICE", name: "Alice" }, undefined)).toEqual({ source: "yunzhong", userId: "ALICE", name: "Alice" });
    expect(yunzhongCopy("alice", { userId: "ALICE", name: "Alice" }, { ownerFacts: null })).toEqual({ source: "yunzhong", userId: "ALICE", name: "Alice" });
  });

  it("a row without an embedded copy, and no catalogue entry, still names them; neither page names nobody", () => {
    expect(yunzhongCopy("alice", undefined, { ownerFacts: null })).toEqual({ source: "yunzhong", userId: "alice", name: null });
    expect(yunzhongCopy("alice", undefined, undefined)).toBeNull();
  });
});
