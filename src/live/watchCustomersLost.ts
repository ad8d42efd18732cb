// customerLost: a row turns LOST in place (the contact deleted the employee), whatever its age,
// so it can surface anywhere in the list. yunzhong filters by status (`search[status]=-1`,
// docs/vendors/yunzhong.md, Endpoints): the lost list's total and first page show whether it
// changed; only then is the whole lost list read and compared with the lost rows known.
// Cost per poll: one getList call; the whole lost list (ceil(lost / per_page) calls) when its
// total or first page changed, and every FULL_WALK_EVERY polls, which also catches a row leaving
// the list while another joins it further down (same total, same first page).
import type { Corp } from "../domain/corps.js";
import type { CustomerPage } from "../domain/types.js";
import type { CustomerNode } from "../loaders/customerPlan.js";
import { nodesOfPage } from "../loaders/customers.js";
import { mapLimit } from "../loaders/mapLimit.js";
import type { CustomerSearch, CustomerSource } from "../vendors/Sources.js";
import type { CallOptions } from "../core/CallOptions.js";
import type { Watch } from "./Watch.js";
import { POLL_WALK_CONCURRENCY } from "./watchAccounts.js";

export const FULL_WALK_EVERY = 10;
const LOST: CustomerSearch = { status: -1 };
const MAX_PAGES = 10_000;

export function watchCustomersLost(source: CustomerSource, corp: Corp & { yunzhong: { uniacid: number } }): Watch<CustomerNode> {
  const uniacid = corp.yunzhong.uniacid;
  let lost = new Set<number>();
  let total = 0;
  let quietPolls = 0;

  const firstPage = (call: CallOptions) => source.listCustomersPage({ uniacid, page: 1, search: LOST }, call);

  /** The whole lost list, from its first page on; remembered as the rows known lost. */
  async function walk(first: CustomerPage, call: CallOptions): Promise<CustomerNode[]> {
    const last = first.rows.length === 0 ? 1 : Math.min(first.lastPage, MAX_PAGES);
    const numbers = Array.from({ length: last - 1 }, (_, i) => i + 2);
    const rest = await mapLimit(numbers, POLL_WALK_CONCURRENCY, (page) => source.listCustomersPage({ uniacid, page, search: LOST }, call));
    const nodes = new Map<number, CustomerNode>();
    for (const page of [first, ...rest]) for (const node of nodesOfPage(corp, page)) nodes.set(node.row.rowId, node);
    lost = new Set(nodes.keys());
    total = first.total;
    quietPolls = 0;
    return [...nodes.values()];
  }

  return {
    async baseline(call) {
      await walk(await firstPage(call), call);
    },
    async poll(call) {
      const first = await firstPage(call);
      const known = lost;
      if (first.total === total && first.rows.every((r) => known.has(r.rowId)) && quietPolls + 1 < FULL_WALK_EVERY) {
        quietPolls += 1;
        return [];
      }
      const nodes = await walk(first, call);
      // A row that leaves the lost list and later turns LOST again is a new change, reported again.
      return nodes.filter((n) => !known.has(n.row.rowId)).sort((a, b) => a.row.rowId - b.row.rowId);
    },
  };
}
