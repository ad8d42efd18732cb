// The WeCom workflows' answers and costs, computed from the simulators' dataset: what the worklist,
// the ownerStatus filter and the statistics must say, and the vendor calls their plans make
// (src/loaders/ownerStatus.ts, departures.ts), derived from the facts each vendor shows.
import { addWayFromCode, ADD_WAYS, employeeStatusFromCode } from "../../src/domain/enums.js";
import type { Dataset, SimAccount, SimCorp, SimCustomerRow, SimEmployee } from "../../src/simulators/dataset.js";
import { rowsOfCorp } from "./expectedGraph.js";

export const DEPARTED_CODES: ReadonlySet<number> = new Set([2, 5]);
// shiheng's own codes that are statuses (0 and 6 are not: docs/vendors/shiheng.md, Quirks).
const SHIHENG_DEFINED: ReadonlySet<number> = new Set([1, 2, 4, 5]);

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export function staffOf(d: Dataset, corpId: string): SimEmployee[] {
  return d.employees.filter((e) => e.corpId === corpId);
}

export function ownedRows(d: Dataset, e: SimEmployee): SimCustomerRow[] {
  return d.customerRows.filter((r) => r.corpId === e.corpId && r.ownerUserId === e.userId);
}

/** Online accounts whose (unmasked) mobile is the employee's, in yunzhenji's order (id). */
export function onlineAccountsOf(d: Dataset, corp: SimCorp, e: SimEmployee): SimAccount[] {
  return d.accounts.filter((a) => a.yzjCorpId === corp.yzjCorpId && a.online === 1 && a.ownerUserId === e.userId).sort((a, b) => a.id - b.id);
}

export interface ExpectedDeparture {
  employee: SimEmployee;
  rows: SimCustomerRow[];
  accounts: SimAccount[];
}

/** The 离职继承 worklist of a corp: most rows first, ties by userid (case-insensitive). */
export function expectedDepartures(d: Dataset, corp: SimCorp): ExpectedDeparture[] {
  return (
    staffOf(d, corp.corpId)
      .filter((e) => DEPARTED_CODES.has(e.status))
      // Someone only the directory knows cannot be found: it has no list (src/loaders/departures.ts).
      .filter((e) => e.inShiheng || e.followUser)
      .map((employee) => ({ employee, rows: ownedRows(d, employee), accounts: onlineAccountsOf(d, corp, employee) }))
      .filter((x) => x.rows.length > 0 || x.accounts.length > 0)
      .sort((a, b) => b.rows.length - a.rows.length || cmp(a.employee.userId.toLowerCase(), b.employee.userId.toLowerCase()))
  );
}

export interface Calls {
  yunzhenji: number;
  shiheng: number;
  yunzhong: number;
  directory: number;
}

/** What the status plan knows for free and what it must ask (ownerStatus.ts `corpOwners`). */
export function ownerPlan(d: Dataset, corp: SimCorp, perPage: number) {
  const staff = staffOf(d, corp.corpId);
  const catalogue = rowsOfCorp(d, corp.corpId).slice(0, perPage);
  const held = new Set(catalogue.filter((r) => r.embedsEmployee).map((r) => r.ownerUserId));
  const shihengKnows = (e: SimEmployee) => e.inShiheng && SHIHENG_DEFINED.has(e.shihengStatus);
  // yunzhong's contact catalogue is the employees with customer-contact rights.
  const owners = staff.filter((e) => e.followUser);
  /** Owners neither the catalogue page nor shiheng gives a status: page 1 of their own search each. */
  const unknown = owners.filter((e) => !held.has(e.userId) && !shihengKnows(e));
  const firstPageEmbeds = (e: SimEmployee) => ownedRows(d, e).slice(0, perPage).some((r) => r.embedsEmployee);
  /** Of those, the ones whose page 1 embeds no member object either: getUser each. */
  const askDirectory = unknown.filter((e) => !firstPageEmbeds(e));
  return { staff, owners, unknown, askDirectory, shihengKnows, firstPageEmbeds };
}

export function walkCalls(d: Dataset): Pick<Calls, "shiheng" | "yunzhenji"> {
  return { shiheng: Math.ceil(d.employees.filter((e) => e.inShiheng).length / 50), yunzhenji: Math.ceil(d.accounts.length / 100) };
}

/** The calls of one `departures` request whose entries ask at most one yunzhong page of customers. */
export function expectedDepartureCalls(d: Dataset, corp: SimCorp, perPage: number): Calls {
  const { staff, owners, unknown, askDirectory, shihengKnows, firstPageEmbeds } = ownerPlan(d, corp, perPage);
  // Every departed contact employee is searched once (page 1 tells their count), however many rows.
  const departedOwners = owners.filter((e) => DEPARTED_CODES.has(e.status));
  const yunzhong = 1 + unknown.length + departedOwners.filter((e) => !unknown.includes(e)).length;
  const online = d.accounts.filter((a) => a.yzjCorpId === corp.yzjCorpId && a.online === 1);
  const onlineOwners = new Set(online.map((a) => a.ownerUserId));
  let directory = askDirectory.length;
  if (online.length > 0) {
    // A departed owner's mobile: their rows embed it, else shiheng has it with consent, else getUser.
    directory += departedOwners.filter((e) => !firstPageEmbeds(e) && !(e.inShiheng && e.shihengConsent) && !askDirectory.includes(e)).length;
    for (const e of staff.filter((x) => !x.followUser && x.inShiheng)) {
      // A listed status: only the departed need a mobile, and shiheng has it only with consent.
      if (shihengKnows(e)) directory += DEPARTED_CODES.has(e.shihengStatus) && !e.shihengConsent ? 1 : 0;
      // No status: asked unless the mobile shiheng has belongs to no online account.
      else directory += !e.shihengConsent || onlineOwners.has(e.userId) ? 1 : 0;
    }
  }
  return { ...walkCalls(d), yunzhong, directory };
}

/** The status every source would agree on (the dataset's truth), as the graph names it. */
export const statusOf = (e: SimEmployee) => employeeStatusFromCode(e.status);

export function rowsWithOwnerStatus(d: Dataset, corpId: string, statuses: readonly string[]): SimCustomerRow[] {
  const byUser = new Map(staffOf(d, corpId).map((e) => [e.userId, e]));
  return rowsOfCorp(d, corpId).filter((r) => statuses.includes(statusOf(byUser.get(r.ownerUserId)!)));
}

export interface ExpectedStats {
  total: number;
  normal: number;
  lost: number;
  byAddWay: { addWay: string; count: number }[];
  byTag: { tag: { id: string; name: string }; count: number }[];
  byOwner: { owner: { userId: string }; count: number }[];
}

/** CustomerStats of these rows, ordered as the graph documents it. */
export function expectedStats(d: Dataset, rows: readonly SimCustomerRow[]): ExpectedStats {
  const addWays = new Map<string, number>();
  const tags = new Map<string, { tag: { id: string; name: string }; count: number }>();
  const owners = new Map<string, number>();
  for (const r of rows) {
    const addWay = addWayFromCode(r.addWay);
    addWays.set(addWay, (addWays.get(addWay) ?? 0) + 1);
    const catalogue = new Map(d.tags.filter((t) => t.corpId === r.corpId).map((t) => [t.tagId, t.name]));
    r.tagIds.forEach((id, i) => {
      const seen = tags.get(id);
      if (seen) seen.count++;
      else tags.set(id, { tag: { id, name: catalogue.get(id) ?? r.tagNames[i]! }, count: 1 });
    });
    owners.set(r.ownerUserId, (owners.get(r.ownerUserId) ?? 0) + 1);
  }
  const order = (w: string) => ADD_WAYS.indexOf(w as never);
  return {
    total: rows.length,
    normal: rows.filter((r) => r.status === 1).length,
    lost: rows.filter((r) => r.status === -1).length,
    byAddWay: [...addWays].map(([addWay, count]) => ({ addWay, count })).sort((a, b) => b.count - a.count || order(a.addWay) - order(b.addWay)),
    byTag: [...tags.values()].sort((a, b) => b.count - a.count || cmp(a.tag.name, b.tag.name) || cmp(a.tag.id, b.tag.id)),
    byOwner: [...owners]
      .map(([userId, count]) => ({ owner: { userId }, count }))
      .sort((a, b) => b.count - a.count || cmp(a.owner.userId.toLowerCase(), b.owner.userId.toLowerCase())),
  };
}
