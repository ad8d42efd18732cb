// A CustomerFilter as a plan for yunzhong: what is pushed down to its search parameters, what is
// checked here on every row, and what needs the owner's status (loaders/ownerStatus.ts). Pure: it
// makes no call, so the walks (customers.ts), the owner-status reading (ownerStatus.ts) and the
// merge of several walks (mergeNewestFirst.ts) all import it without importing each other.
import { ADD_WAY_BY_CODE, addWayCode, customerStatusCode, type AddWay, type CustomerStatus, type EmployeeStatus } from "../domain/enums.js";
import type { Corp } from "../domain/corps.js";
import type { ExternalCustomer } from "../domain/types.js";
import { sameUserId } from "../domain/userId.js";
import type { EmployeeRef } from "./sourcePlan.js";
import type { CustomerSearch } from "../vendors/Sources.js";

export interface CustomerFilter {
  ownerUserId?: string | null;
  tagIds?: readonly string[] | null;
  addWay?: AddWay | null;
  status?: CustomerStatus | null;
  addedAfter?: Date | null;
  addedBefore?: Date | null;
  search?: string | null;
  remark?: string | null;
  ownerStatus?: readonly EmployeeStatus[] | null;
}

/** A customer row as the graph sees it: the row, the corp it was listed under, and its owner. */
export interface CustomerNode {
  row: ExternalCustomer;
  corp: Corp;
  /** Null only when the row names no owner at all. */
  owner: EmployeeRef | null;
  addedBy: EmployeeRef | null;
}

export interface Plan {
  /** Nothing can match (contradictory bounds, no tags, no owner status); no call is made. */
  empty: boolean;
  search: CustomerSearch;
  /** Several tags: one pushed-down walk per tag, merged. */
  tagUnion: string[] | null;
  /** What the vendor cannot filter, checked here on every row. */
  local: ((row: ExternalCustomer) => boolean) | null;
  /** Customers whose owner has one of these statuses (loaders/ownerStatus.ts plans it). */
  ownerStatus: ReadonlySet<EmployeeStatus> | null;
}

const KNOWN_ADD_WAY_CODES = new Set(Object.keys(ADD_WAY_BY_CODE).map(Number).filter((code) => code !== 0));

export function planCustomerQuery(filter: CustomerFilter | null | undefined, owner: string | null = null): Plan {
  const search: CustomerSearch = {};
  const plan: Plan = { empty: false, search, tagUnion: null, local: null, ownerStatus: null };
  const f = filter ?? {};
  if (owner && f.ownerUserId && !sameUserId(owner, f.ownerUserId)) plan.empty = true;
  const ownerUserId = owner ?? f.ownerUserId ?? null;
  if (ownerUserId) search.employeeUserId = ownerUserId;
  if (f.status) search.status = customerStatusCode(f.status);
  if (f.search) search.customer = f.search;
  if (f.remark) search.remark = f.remark;
  if (f.addedAfter || f.addedBefore) {
    // Inclusive bounds on whole seconds (`createtime` is unix seconds).
    const from = f.addedAfter ? Math.ceil(f.addedAfter.getTime() / 1000) : 0;
    const to = f.addedBefore ? Math.floor(f.addedBefore.getTime() / 1000) : 2147483647;
    if (from > to) plan.empty = true;
    search.addedFrom = Math.max(0, from);
    search.addedTo = Math.max(0, to);
  }
  if (f.addWay === "UNKNOWN") {
    // UNKNOWN stands for 0 and for every code we do not recognise, which no single vendor code can say.
    plan.local = (row) => row.addWayCode === null || !KNOWN_ADD_WAY_CODES.has(row.addWayCode);
  } else if (f.addWay) {
    search.addWayType = addWayCode(f.addWay);
  }
  if (f.tagIds) {
    const tags = [...new Set(f.tagIds)];
    if (tags.length === 0) plan.empty = true;
    else if (tags.length === 1) search.tagId = tags[0] as string;
    else plan.tagUnion = tags;
  }
  if (f.ownerStatus) {
    plan.ownerStatus = new Set(f.ownerStatus);
    if (plan.ownerStatus.size === 0) plan.empty = true;
  }
  return plan;
}
