// yunzhong customers: a CustomerFilter's plan (customerPlan.ts) read from the vendor, its pushed-down
// search paged by offset, and what the vendor cannot filter (several tags, addWay UNKNOWN) walked
// and checked here. The owner's status is no row field at all: ownerStatus is read in
// loaders/ownerStatus.ts.
import type { Corp } from "../domain/corps.js";
import type { CustomerPage, CustomerTag, EmployeeFacts, ExternalCustomer } from "../domain/types.js";
import { sameUserId } from "../domain/userId.js";
import type { Loaders } from "./createLoaders.js";
import type { CustomerNode, Plan } from "./customerPlan.js";
import { catalogueFacts, employeeRef, type EmployeeRef } from "./sourcePlan.js";
import { customersWithOwnerStatus, ownerHasStatus } from "./ownerStatus.js";
import { mergeNewestFirst } from "./mergeNewestFirst.js";
import { sliceRemote, windowOf, type Window } from "./sliceRemote.js";
import { stableKey } from "../core/stableKey.js";
import type { CustomerSearch } from "../vendors/Sources.js";

export async function customersWindow(loaders: Loaders, corp: Corp, plan: Plan, { offset, limit }: Window): Promise<{ nodes: CustomerNode[]; total: number }> {
  loaders.ensure("yunzhong");
  const yz = corp.yunzhong;
  if (!yz || plan.empty) return { nodes: [], total: 0 };
  if (plan.ownerStatus) {
    // One owner (Employee.customers, ownerUserId): their status decides whether their list is the
    // answer, and then it pages remotely as any other; several owners are merged here.
    if (plan.search.employeeUserId === undefined) return windowOf(await customersOf(loaders, corp, plan), { offset, limit });
    if (!(await ownerHasStatus(loaders, corp, plan.search, plan.ownerStatus))) return { nodes: [], total: 0 };
    return customersWindow(loaders, corp, { ...plan, ownerStatus: null }, { offset, limit });
  }
  if (!plan.tagUnion && !plan.local) {
    const hintKey = `yunzhong:${yz.uniacid}`;
    const slice = await sliceRemote({
      offset,
      limit,
      pageSizeHint: loaders.hints.get(hintKey),
      fetchPage: async (page) => {
        const result = await loaders.customerPages.load({ uniacid: yz.uniacid, page, search: plan.search });
        return { rows: nodesOfPage(corp, result), pageSize: result.perPage, total: result.total };
      },
    });
    loaders.hints.set(hintKey, slice.pageSize);
    return { nodes: slice.rows, total: slice.total };
  }
  return windowOf(await filteredCustomers(loaders, corp, plan), { offset, limit });
}


/**
 * Every row a plan selects, from one walk of each pushed-down search per request: what statistics
 * count, read from the same pages as a `customers` connection of the same filter.
 */
export async function customersOf(loaders: Loaders, corp: Corp, plan: Plan): Promise<CustomerNode[]> {
  loaders.ensure("yunzhong");
  if (!corp.yunzhong || plan.empty) return [];
  if (!plan.ownerStatus) return filteredCustomers(loaders, corp, plan);
  if (plan.search.employeeUserId !== undefined) {
    if (!(await ownerHasStatus(loaders, corp, plan.search, plan.ownerStatus))) return [];
    return filteredCustomers(loaders, corp, { ...plan, ownerStatus: null });
  }
  return customersWithOwnerStatus(loaders, corp, plan, { walk: (search) => walkCustomers(loaders, corp, search), filtered: (p) => filteredCustomers(loaders, corp, p) });
}

async function filteredCustomers(loaders: Loaders, corp: Corp, plan: Plan): Promise<CustomerNode[]> {
  const searches = plan.tagUnion ? plan.tagUnion.map((tagId) => ({ ...plan.search, tagId })) : [plan.search];
  const lists = await Promise.all(searches.map((search) => walkCustomers(loaders, corp, search)));
  let nodes: CustomerNode[];
  if (lists.length === 1) nodes = lists[0] ?? [];
  else nodes = mergeNewestFirst(lists);
  return plan.local ? nodes.filter((n) => plan.local?.(n.row)) : nodes;
}

/** Every row of one pushed-down search, once per request. */
export function walkCustomers(loaders: Loaders, corp: Corp, search: CustomerSearch): Promise<CustomerNode[]> {
  const yz = corp.yunzhong;
  if (!yz) return Promise.resolve([]);
  return loaders.memo(`customers:${yz.uniacid}:${stableKey(search)}`, async () => {
    const first = await loaders.customerPages.load({ uniacid: yz.uniacid, page: 1, search });
    const rest: Promise<CustomerPage>[] = [];
    for (let page = 2; page <= first.lastPage && first.rows.length > 0; page++) {
      rest.push(loaders.customerPages.load({ uniacid: yz.uniacid, page, search }));
    }
    const pages = [first, ...(await Promise.all(rest))];
    const seen = new Set<number>();
    const nodes: CustomerNode[] = [];
    for (const page of pages) {
      for (const node of nodesOfPage(corp, page)) {
        if (seen.has(node.row.rowId)) continue;
        seen.add(node.row.rowId);
        nodes.push(node);
      }
    }
    return nodes;
  });
}

export async function tagsOfCorp(loaders: Loaders, corp: Corp): Promise<CustomerTag[]> {
  loaders.ensure("yunzhong");
  if (!corp.yunzhong) return [];
  const page = await loaders.customerPages.load({ uniacid: corp.yunzhong.uniacid, page: 1, search: {} });
  return page.tags;
}

/**
 * A customer row by the parts its node id carries; null when yunzhong no longer lists it. The
 * follow relation is (owner, external userid); the row id only picks among duplicates, since a
 * resync may renumber rows. If the vendor's customer search does not match external userids,
 * the owner's own list is read instead.
 */
export async function findCustomer(loaders: Loaders, corp: Corp, rowId: number, ownerUserId: string, externalUserId: string): Promise<CustomerNode | null> {
  const pick = (nodes: CustomerNode[]) => {
    const same = nodes.filter((n) => n.row.externalUserId === externalUserId && sameUserId(n.row.ownerUserId, ownerUserId));
    return same.find((n) => n.row.rowId === rowId) ?? same[0] ?? null;
  };
  const found = pick(await walkCustomers(loaders, corp, { customer: externalUserId, employeeUserId: ownerUserId }));
  return found ?? pick(await walkCustomers(loaders, corp, { employeeUserId: ownerUserId }));
}

/** The graph's nodes for one yunzhong page: each row with its owner and adder as employee refs. */
export function nodesOfPage(corp: Corp, page: CustomerPage): CustomerNode[] {
  const names = new Map(page.employees.map((e) => [e.userId.toLowerCase(), e.name]));
  // The catalogue's entry for the row's spelling of the userid (sourcePlan.ts ranks it below an embedded copy).
  const catalogueCopy = (userId: string): EmployeeFacts | null => {
    const name = names.get(userId.toLowerCase());
    return name === undefined ? null : catalogueFacts({ userId, name });
  };
  return page.rows.map((row) => {
    const owner = row.ownerUserId.trim() === "" ? null : employeeRef(corp.corpId, row.ownerUserId, row.ownerFacts ?? catalogueCopy(row.ownerUserId));
    return { row, corp, owner, addedBy: addedByRef(corp, row, owner, catalogueCopy) };
  });
}

// oper_userid is the employee who added the contact, but yunzhong also stores the customer's own
// external userid there when the customer added the employee (vendor sample, row 63).
function addedByRef(corp: Corp, row: ExternalCustomer, owner: EmployeeRef | null, catalogue: (userId: string) => EmployeeFacts | null): EmployeeRef | null {
  const oper = row.addedByUserId;
  if (!oper || oper === row.externalUserId || /^w[mo][A-Za-z0-9_-]{20,}$/.test(oper)) return null;
  if (owner && sameUserId(oper, row.ownerUserId)) return owner;
  return employeeRef(corp.corpId, oper, catalogue(oper));
}
