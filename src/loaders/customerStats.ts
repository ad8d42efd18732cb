// Corp.customerStats: exact counts over every row a CustomerFilter selects. yunzhong has no
// aggregate endpoint, so the rows are counted here, from the same per-request walk a `customers`
// connection of the same filter reads (loaders/customers.ts `customersOf`): asking for both costs
// one walk.
import { ADD_WAYS, type AddWay } from "../domain/enums.js";
import type { Corp } from "../domain/corps.js";
import type { CustomerTag } from "../domain/types.js";
import { compareUserIds } from "../domain/userId.js";
import type { Loaders } from "./createLoaders.js";
import type { Plan } from "./customerPlan.js";
import { customersOf } from "./customers.js";
import type { EmployeeRef } from "./sourcePlan.js";

export interface CustomerStats {
  total: number;
  normal: number;
  lost: number;
  /** Add ways with at least one row: most rows first, then in the enum's (WeCom's code) order. */
  byAddWay: { addWay: AddWay; count: number }[];
  /** Tags on at least one row: most rows first, then by name, then by id. */
  byTag: { tag: CustomerTag; count: number }[];
  /** Every owner: most rows first, then by userid (case-insensitive). */
  byOwner: { owner: EmployeeRef; count: number }[];
}

export async function customerStats(loaders: Loaders, corp: Corp, plan: Plan): Promise<CustomerStats> {
  const nodes = await customersOf(loaders, corp, plan);
  const stats: CustomerStats = { total: nodes.length, normal: 0, lost: 0, byAddWay: [], byTag: [], byOwner: [] };
  const addWays = new Map<AddWay, number>();
  const tags = new Map<string, { tag: CustomerTag; count: number }>();
  const owners = new Map<string, { owner: EmployeeRef; count: number; embedded: boolean }>();
  for (const { row, owner } of nodes) {
    if (row.status === "LOST") stats.lost++;
    else stats.normal++;
    addWays.set(row.addWay, (addWays.get(row.addWay) ?? 0) + 1);
    // rowTags already counts a repeated id once per row.
    for (const tag of row.tags) {
      const seen = tags.get(tag.id);
      if (seen) seen.count++;
      else tags.set(tag.id, { tag, count: 1 });
    }
    if (owner) {
      const key = row.ownerUserId.toLowerCase();
      const seen = owners.get(key);
      const embedded = row.ownerFacts !== null;
      if (!seen) owners.set(key, { owner, count: 1, embedded });
      else {
        seen.count++;
        // The owner as a row embeds them carries the most for free; rows are newest first.
        if (!seen.embedded && embedded) Object.assign(seen, { owner, embedded });
      }
    }
  }
  const order = new Map(ADD_WAYS.map((w, i) => [w, i]));
  stats.byAddWay = [...addWays]
    .map(([addWay, count]) => ({ addWay, count }))
    .sort((a, b) => b.count - a.count || (order.get(a.addWay) ?? 0) - (order.get(b.addWay) ?? 0));
  stats.byTag = [...tags.values()].sort((a, b) => b.count - a.count || compare(a.tag.name, b.tag.name) || compare(a.tag.id, b.tag.id));
  stats.byOwner = [...owners.values()]
    .map(({ owner, count }) => ({ owner, count }))
    .sort((a, b) => b.count - a.count || compareUserIds(a.owner.userId, b.owner.userId));
  return stats;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
