// customerAdded: yunzhong lists a corp's rows newest id first and ids only grow (auto-increment;
// docs/vendors/yunzhong.md, Paging), so a follow row appearing is a row id above the highest one
// seen. Cost per poll: one getList call (page 1, unfiltered), and one more per further page only
// when more than a page of rows arrived since the last poll.
import type { Corp } from "../domain/corps.js";
import type { CustomerNode } from "../loaders/customerPlan.js";
import { nodesOfPage } from "../loaders/customers.js";
import type { CustomerSource } from "../vendors/Sources.js";
import type { Watch } from "./Watch.js";

// Bounds one catch-up walk (a resync that renumbered every row would otherwise read them all).
const MAX_PAGES = 100;

export function watchCustomersAdded(source: CustomerSource, corp: Corp & { yunzhong: { uniacid: number } }): Watch<CustomerNode> {
  const uniacid = corp.yunzhong.uniacid;
  let highest = 0;
  return {
    async baseline(call) {
      const first = await source.listCustomersPage({ uniacid, page: 1 }, call);
      highest = Math.max(0, ...first.rows.map((r) => r.rowId));
    },
    async poll(call) {
      const first = await source.listCustomersPage({ uniacid, page: 1 }, call);
      const since = highest;
      const fresh = new Map<number, CustomerNode>();
      let page = first;
      for (let n = 1; ; ) {
        for (const node of nodesOfPage(corp, page)) if (node.row.rowId > since) fresh.set(node.row.rowId, node);
        // A row at or below the mark means the rest of the list is older.
        if (page.rows.length === 0 || page.rows.some((r) => r.rowId <= since) || n >= page.lastPage || n >= MAX_PAGES) break;
        page = await source.listCustomersPage({ uniacid, page: ++n }, call);
      }
      // Rows that arrive while later pages are read push older ones down; they are above page 1's
      // top, so the next poll reports them.
      highest = Math.max(since, ...first.rows.map((r) => r.rowId));
      // Oldest first: the order they were added in.
      return [...fresh.values()].sort((a, b) => a.row.rowId - b.row.rowId);
    },
  };
}
