// Walks yunzhong's Laravel paginator. The server picks per_page (docs/vendors/yunzhong.md, Paging), so we only
// ever send `page` and trust `current_page` / `last_page` of each answer.
import type { CustomerPage } from "../../domain/types.js";

/**
 * Yields page 1, then every following page up to `last_page`. An empty page ends the walk (a
 * vendor that over-reports its total cannot loop us forever), but page 1 is always yielded so a
 * caller sees the total and the tag catalogue even of a corp without customers. The next page
 * number never goes backwards, even if the server echoes a stale `current_page`.
 */
export async function* paginate(fetchPage: (page: number) => Promise<CustomerPage>): AsyncGenerator<CustomerPage, void, undefined> {
  let requested = 1;
  for (;;) {
    const page = await fetchPage(requested);
    if (page.rows.length === 0 && requested > 1) return;
    yield page;
    if (page.rows.length === 0) return;
    const current = Math.max(page.page, requested);
    if (current >= page.lastPage) return;
    requested = current + 1;
  }
}
