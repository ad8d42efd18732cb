// CustomerFilter.ownerStatus: a customer row carries its owner's userid (and, usually, the owner as
// WeCom's member object with a status), but yunzhong cannot search by the owner's status. So the
// statuses are read from the employee sources first, and then either each matching owner's rows
// are searched (employee_member), or the corp's list is walked once and filtered here. Which
// source gives a status and which reading is cheaper are decided in sourcePlan.ts (sections 3, 4
// and 7); the reading is here. docs/vendors/yunzhong.md (Decisions) says why the contact catalogue
// names every owner.
import type { Corp } from "../domain/corps.js";
import type { EmployeeStatus } from "../domain/enums.js";
import type { CustomerPage, EmployeeFacts } from "../domain/types.js";
import { userIdKey } from "../domain/userId.js";
import type { Loaders } from "./createLoaders.js";
import type { CustomerNode, Plan } from "./customerPlan.js";
import {
  askedOwnerStatus,
  catalogueFacts,
  chooseRoute,
  employeeRef,
  freeOwnerStatus,
  keptEmbeddedCopy,
  rowOwnerStatus,
  statusOrUnknown,
  type EmployeeRef,
} from "./sourcePlan.js";
import { mergeNewestFirst } from "./mergeNewestFirst.js";
import type { CustomerSearch } from "../vendors/Sources.js";

/** An employee of yunzhong's contact catalogue (`data.employee[]`): everyone who can own a row. */
export interface CorpOwner {
  /** As yunzhong spells it: every employee_member search for them is sent with this spelling. */
  userId: string;
  /** What we know of them for free: a row's embedded copy, shiheng's row, the catalogue's name. */
  ref: EmployeeRef;
  /**
   * The best status at hand, or the first call that can tell (sourcePlan.ts, section 7);
   * undefined only for an owner of no rows whom no free source describes (nobody asks: they
   * match no customer).
   */
  status: EmployeeStatus | undefined;
  /** How many rows they own, when their own search has been read (its page 1 total), else null. */
  rowCount: number | null;
}

/** The unfiltered page 1: the catalogue (contact employees, tags) and the corp's row total. */
export function cataloguePage(loaders: Loaders, uniacid: number): Promise<CustomerPage> {
  return loaders.customerPages.load({ uniacid, page: 1, search: {} });
}

/** Page 1 of one owner's own rows: their row count, and their embedded member object. */
export function ownerFirstPage(loaders: Loaders, uniacid: number, yunzhongUserId: string): Promise<CustomerPage> {
  return loaders.customerPages.load({ uniacid, page: 1, search: { employeeUserId: yunzhongUserId } });
}

/**
 * Per owner (userid lower-cased), the member object a page's rows embed (the one keptEmbeddedCopy
 * keeps). One pass over the page, however many owners are then looked up.
 */
export function embeddedFactsByOwner(rows: CustomerPage["rows"]): Map<string, EmployeeFacts> {
  const byOwner = new Map<string, EmployeeFacts>();
  for (const row of rows) {
    if (!row.ownerFacts) continue;
    const key = row.ownerUserId.toLowerCase();
    byOwner.set(key, keptEmbeddedCopy(byOwner.get(key), row.ownerFacts));
  }
  return byOwner;
}

/** The member object a page embeds for one owner (a page of their own search, usually), or null. */
export function embeddedFacts(rows: CustomerPage["rows"], userId: string): EmployeeFacts | null {
  return embeddedFactsByOwner(rows).get(userId.toLowerCase()) ?? null;
}

/**
 * The corp's possible owners with their statuses, once per request, in the precedence of
 * sourcePlan.ts (section 7). With the shiheng walk shared by every corp, the cost is 1 catalogue
 * page + 1 walk + 1 page per owner neither free source describes (+ 1 getUser per such owner whose
 * page embeds no member object).
 */
export function corpOwners(loaders: Loaders, corp: Corp): Promise<CorpOwner[]> {
  const yz = corp.yunzhong;
  if (!yz) return Promise.resolve([]);
  return loaders.memo(`corpOwners:${yz.uniacid}:${corp.corpId}`, async () => {
    const [catalogue, listed] = await Promise.all([
      cataloguePage(loaders, yz.uniacid),
      loaders.has("shiheng") ? loaders.employees().then((index) => index.byUser) : null,
    ]);
    const owners = new Map<string, CorpOwner>();
    const embedded = embeddedFactsByOwner(catalogue.rows);
    for (const contact of catalogue.employees) {
      const key = contact.userId.trim().toLowerCase();
      if (key === "" || owners.has(key)) continue;
      const held = embedded.get(contact.userId.toLowerCase()) ?? null;
      const shiheng = listed?.get(userIdKey(corp.corpId, contact.userId))?.facts;
      owners.set(key, {
        userId: contact.userId,
        ref: employeeRef(corp.corpId, contact.userId, held, shiheng, catalogueFacts(contact)),
        status: freeOwnerStatus(held, shiheng),
        rowCount: null,
      });
    }
    await Promise.all(
      [...owners.values()]
        .filter((owner) => owner.status === undefined)
        .map(async (owner) => {
          const page = await ownerFirstPage(loaders, yz.uniacid, owner.userId);
          owner.rowCount = page.total;
          const facts = embeddedFacts(page.rows, owner.userId);
          if (facts) owner.ref = employeeRef(corp.corpId, owner.userId, facts, ...owner.ref.known);
          owner.status = await askedOwnerStatus(loaders, owner.ref, { total: page.total, embedded: facts });
        }),
    );
    return [...owners.values()];
  });
}

/** How the rows of an ownerStatus filter are read; customers.ts supplies its per-request walks. */
export interface RowReader {
  /** Every row of one pushed-down search (memoised per request). */
  walk(search: CustomerSearch): Promise<CustomerNode[]>;
  /** Every row of a plan without ownerStatus. */
  filtered(plan: Plan): Promise<CustomerNode[]>;
}

/**
 * The rows of a corp whose owner has one of `plan.ownerStatus`, newest first (yunzhong's order).
 * A row whose embedded member object states a status is judged by it, whichever way was read, so
 * a row never shows an owner whose `status` the filter excluded.
 */
export async function customersWithOwnerStatus(loaders: Loaders, corp: Corp, plan: Plan, read: RowReader): Promise<CustomerNode[]> {
  const yz = corp.yunzhong;
  const wanted = plan.ownerStatus;
  if (!yz || !wanted || plan.empty) return [];
  const [owners, catalogue] = await Promise.all([corpOwners(loaders, corp), cataloguePage(loaders, yz.uniacid)]);
  const byKey = new Map(owners.map((o) => [o.userId.toLowerCase(), o]));
  const matching = owners.filter((o) => o.rowCount !== 0 && wanted.has(statusOrUnknown(o.status)));
  const rest: Plan = { ...plan, ownerStatus: null };
  let rows: CustomerNode[];
  if (chooseRoute(matching.length, owners.length, catalogue.total, catalogue.perPage) === "per-owner") {
    if (matching.length === 0) return [];
    // Several tags are checked here rather than multiplying the searches by the tags.
    const lists = await Promise.all(matching.map((o) => read.walk({ ...plan.search, employeeUserId: o.userId })));
    const tags = plan.tagUnion;
    rows = mergeNewestFirst(lists).filter((n) => (!tags || n.row.tagIds.some((t) => tags.includes(t))) && (!plan.local || plan.local(n.row)));
  } else {
    rows = await read.filtered(rest);
  }
  const statuses = await Promise.all(rows.map((n) => rowOwnerStatus(loaders, n.row.ownerFacts, n.owner, byKey.get(n.row.ownerUserId.toLowerCase())?.status)));
  return rows.filter((_, i) => wanted.has(statusOrUnknown(statuses[i]))).map((n) => withOwnerFacts(n, byKey));
}

// A row without its embedded owner knows only the catalogue's name; what the plan learnt about the
// owner (shiheng's row, their own page's copy) comes along, so their `status` is the one judged.
function withOwnerFacts(node: CustomerNode, owners: ReadonlyMap<string, CorpOwner>): CustomerNode {
  const owner = node.owner && !node.row.ownerFacts ? owners.get(node.row.ownerUserId.toLowerCase()) : undefined;
  if (!node.owner || !owner) return node;
  return { ...node, owner: employeeRef(node.owner.corpId, node.owner.userId, ...node.owner.known, ...owner.ref.known) };
}

/**
 * One owner's rows (Employee.customers, or ownerUserId given) match when that owner's status does.
 * The first page of their filtered rows is read first: it is the answer's first page anyway, says
 * whether there is anything to judge, and usually embeds the owner's status, so only an owner whose
 * rows embed none costs more (the employee sources, as for `Employee.status`).
 */
export async function ownerHasStatus(loaders: Loaders, corp: Corp, search: CustomerSearch, wanted: ReadonlySet<EmployeeStatus>): Promise<boolean> {
  const yz = corp.yunzhong;
  const userId = search.employeeUserId;
  if (!yz || userId === undefined) return false;
  const page = await loaders.customerPages.load({ uniacid: yz.uniacid, page: 1, search });
  if (page.total === 0) return false;
  const facts = embeddedFacts(page.rows, userId);
  const status = await rowOwnerStatus(loaders, facts, employeeRef(corp.corpId, userId, facts), undefined);
  return wanted.has(statusOrUnknown(status));
}
