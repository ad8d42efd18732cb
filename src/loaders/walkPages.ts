// A whole-list walk: the first page says how many there are, the rest are fetched a few at a time
// instead of one after another (a 5,000-employee shiheng list is 100 pages). Totals are trusted
// only as far as the pages bear them out: an empty page ends the walk, and a list that turns out
// longer than announced is read on until it ends.
import type { Page } from "../domain/types.js";
import { mapLimit } from "./mapLimit.js";

export const WALK_CONCURRENCY = 6;
const MAX_PAGES = 10_000;

export async function walkPages<T>(fetchPage: (page: number) => Promise<Page<T>>, concurrency = WALK_CONCURRENCY): Promise<T[]> {
  const first = await fetchPage(1);
  if (first.rows.length === 0) return [];
  const last = Math.min(Math.max(1, first.totalPages), MAX_PAGES);
  const numbers = Array.from({ length: last - 1 }, (_, i) => i + 2);
  const pages = [first, ...(await mapLimit(numbers, concurrency, fetchPage))];
  const rows = pages.flatMap((p) => p.rows);
  let page = last;
  let tail = pages[pages.length - 1] as Page<T>;
  while (rows.length < first.total && tail.rows.length > 0 && page < MAX_PAGES) {
    tail = await fetchPage(++page);
    rows.push(...tail.rows);
  }
  return rows;
}
