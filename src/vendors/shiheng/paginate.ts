// Walks 食亨's `pageNum`/`pageSize` paginator (vendor-docs README §2: `result.pages`, `result.total`).
import type { Page } from "../../domain/types.js";

/**
 * Pages 1, 2, ... until the vendor's last page (`pages`), and also on an empty page, so a vendor
 * that over-reports its totals cannot keep us looping.
 */
export async function* paginate<T>(fetchPage: (pageNum: number) => Promise<Page<T>>): AsyncGenerator<Page<T>, void, undefined> {
  for (let pageNum = 1; ; pageNum++) {
    const result = await fetchPage(pageNum);
    if (result.rows.length === 0) return;
    yield result;
    if (pageNum >= result.totalPages) return;
  }
}

/** The rows of every page, in the vendor's order. */
export async function* rowsOf<T>(pages: AsyncIterable<Page<T>>): AsyncGenerator<T, void, undefined> {
  for await (const page of pages) yield* page.rows;
}
