// Several walks of yunzhong's list (one per tag, one per owner) as one list: each row once, in
// yunzhong's own order, newest row first (it lists by row id, descending).
import type { CustomerNode } from "./customerPlan.js";

export function mergeNewestFirst(lists: readonly (readonly CustomerNode[])[]): CustomerNode[] {
  const byId = new Map<number, CustomerNode>();
  for (const list of lists) for (const node of list) byId.set(node.row.rowId, node);
  return [...byId.values()].sort((a, b) => b.row.rowId - a.row.rowId);
}
