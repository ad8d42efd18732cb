// Walks yunzhenji's `page`/`page_size` paginator (vendor-docs README §1, `pager`).
import type { Page } from "../../domain/types.js";

/**
 * Pages 1, 2, ... until the vendor's last page (`pager.numPages`), and also on an empty page, so
 * a vendor that over-reports its totals cannot keep us looping.
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
export async function* rowsOf<T>(pages: AsyncIterable<Page<T>>): AsyncGenerator<T, void, undefined> {
  for await (const page of pages) yield* page.rows;
}
