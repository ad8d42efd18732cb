// Source planning's yunzhong page estimates and the ownerStatus route they decide
// (src/loaders/sourcePlan.ts, sections 3 and 4), with figures worked by hand.
import { describe, expect, it } from "vitest";
import { chooseRoute, corpListPages, directoryCost, ownerSearchPages } from "../../src/loaders/sourcePlan.js";

describe("the cost model in vendor calls", () => {
  it("the directory costs one getUser per employee", () => {
    expect(directoryCost(0)).toBe(0);
    expect(directoryCost(7)).toBe(7);
  });

  it("the corp's list costs its page count, and never less than the one page that says it is empty", () => {
    expect(corpListPages(300, 15)).toBe(20);
    expect(corpListPages(301, 15)).toBe(21);
    expect(corpListPages(0, 15)).toBe(1);
    // A page size of 0 is read as 1 rather than dividing by it.
    expect(corpListPages(10, 0)).toBe(10);
  });

  it("an owner's search costs their share of the list plus half a page, and at least a page", () => {
    // 300 rows over 10 owners, 15 a page: 2 pages of rows each, plus half a page.
    expect(ownerSearchPages(1, 10, 300, 15)).toBe(2.5);
    expect(ownerSearchPages(4, 10, 300, 15)).toBe(10);
    // 150 rows over 100 owners is a tenth of a page each: still one page per search.
    expect(ownerSearchPages(3, 100, 150, 15)).toBe(3);
    // No owner named: the share is the whole list.
    expect(ownerSearchPages(1, 0, 30, 15)).toBe(2.5);
  });
});

describe("chooseRoute: per-owner searches or one walk of the corp's list", () => {
  it("searches per owner while that is estimated cheaper than the list's 20 pages", () => {
    expect(chooseRoute(7, 10, 300, 15)).toBe("per-owner"); // 17.5 pages
    expect(chooseRoute(8, 10, 300, 15)).toBe("corp-list"); // 20 pages: a tie walks the list
    expect(chooseRoute(9, 10, 300, 15)).toBe("corp-list"); // 22.5 pages
  });

  it("no matching owner costs nothing per owner; a one-page corp is walked", () => {
    expect(chooseRoute(0, 10, 300, 15)).toBe("per-owner");
    expect(chooseRoute(1, 10, 10, 15)).toBe("corp-list");
  });
});
