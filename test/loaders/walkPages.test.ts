import { describe, expect, it } from "vitest";
import type { Page } from "../../src/domain/types.js";
import { walkPages } from "../../src/loaders/walkPages.js";

function vendor(rows: number, pageSize: number, announced = { total: rows, totalPages: Math.ceil(rows / pageSize) }) {
  const asked: number[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const fetchPage = async (page: number): Promise<Page<number>> => {
    asked.push(page);
    maxInFlight = Math.max(maxInFlight, ++inFlight);
    await new Promise((r) => setTimeout(r, 2));
    inFlight--;
    const start = (page - 1) * pageSize;
    const data = Array.from({ length: Math.max(0, Math.min(pageSize, rows - start)) }, (_, i) => start + i);
    return { rows: data, page, pageSize, ...announced };
  };
  return { fetchPage, asked, maxInFlight: () => maxInFlight };
}

describe("walkPages", () => {
  it("reads every page once, in order, a few at a time", async () => {
    const v = vendor(1003, 50);
    const rows = await walkPages(v.fetchPage, 4);
    expect(rows).toEqual(Array.from({ length: 1003 }, (_, i) => i));
    expect([...v.asked].sort((a, b) => a - b)).toEqual(Array.from({ length: 21 }, (_, i) => i + 1));
    expect(v.maxInFlight()).toBe(4);
  });

  it("reads on when the vendor announced fewer pages than it has", async () => {
    const v = vendor(230, 50, { total: 230, totalPages: 2 });
    expect(await walkPages(v.fetchPage)).toHaveLength(230);
    expect(v.asked).toEqual([1, 2, 3, 4, 5]);
  });

  it("stops at an empty first page, and does not loop on over-reported totals", async () => {
    expect(await walkPages(vendor(0, 50, { total: 0, totalPages: 0 }).fetchPage)).toEqual([]);
    const v = vendor(60, 50, { total: 500, totalPages: 2 });
    expect(await walkPages(v.fetchPage)).toHaveLength(60);
    expect(v.asked).toEqual([1, 2, 3]);
  });
});
