// Walks a numbered-page list (yunzhenji `page`/`pager.numPages`, shiheng `pageNum`/`pages`): both
// vendors' pagers differ only in names, which their map.ts already turned into a domain Page.
import type { Page } from "../../domain/types.js";

/**
 * Pages 1, 2, ... until the vendor's last page (`totalPages`), and also on an empty page, so a
 * vendor that over-reports its totals cannot keep us looping.
 */
export async function* paginate<T>(fetchPage: (page: number) => Promise<Page<T>>): AsyncGenerator<Page<T>, void, undefined> {
  for (let page = 1; ; page++) {
    const result = await fetchPage(page);
    if (result.rows.length === 0) return;
    yield result;
    if (page >= result.totalPages) return;
  }
}

/** The rows of every page, in the vendor's order. */
export async function* rowsOf<T>(pages: AsyncIterable<{ rows: readonly T[] }>): AsyncGenerator<T, void, undefined> {
  for await (const page of pages) yield* page.rows;
}
