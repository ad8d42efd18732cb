// Source planning: which source answers what about an employee, in what order sources are asked,
// and what asking costs. The one place that decides; the files that walk and call (employees.ts,
// ownerStatus.ts, departures.ts) and the Employee type (graph/Employee.ts) ask here. Read it top
// to bottom:
//   1. the sources, best first, and what each carries;
//   2. EmployeeRef: an employee and the facts already at hand;
//   3. the cost model, in vendor calls: getUser, the shiheng walk, yunzhong pages;
//   4. the decisions that choose between costs: walk shiheng or ask the directory (per batch),
//      read an ownerStatus filter per owner or along the corp's list;
//   5. the rule for one field of one employee (employeeField, employeeStatus), and what the graph
//      shows where no source carries a field;
//   6. finding an employee: the order sources are asked in, and the mobile join;
//   7. an owner's status (CustomerFilter.ownerStatus, Corp.departures);
//   8. departures: who is departed, and when the directory is asked.
import DataLoader from "dataloader";
import type { EmployeeStatus, Gender } from "../domain/enums.js";
import type { EmployeeFacts, EmployeeField, EmployeeSource } from "../domain/types.js";
import { userIdKey } from "../domain/userId.js";
import type { Vendor } from "../errors/codes.js";
import { vendorNotConfigured } from "../errors/GraphError.js";
import { UpstreamError } from "../vendors/http/UpstreamError.js";
import type { DirectoryLoader, EmployeeKey } from "./directoryLoader.js";
import type { EmployeeIndex } from "./employeeIndex.js";

/**
 * What planning needs of a request's loaders (createLoaders.ts `Loaders` has it all). Declared
 * here so that planning never imports the loaders that are built with it.
 */
export interface SourceAccess {
  has(vendor: Vendor): boolean;
  readonly directory: DirectoryLoader;
  readonly shihengFacts: ShihengFactsLoader;
  readonly costs: SourceCosts;
  employees(): Promise<EmployeeIndex>;
  shihengListAtHand(): boolean;
}

// ── 1. The sources, best first ───────────────────────────────────────────────────────────────
// When sources disagree the directory profile wins, then the employee embedded in a yunzhong row,
// then shiheng's list (docs/internals.md, Promises to clients). A query that selects only fields
// a cheaper source carries may be answered without the directory.
//
//   directory  every field (WeCom user/get). Asked per employee: one getUser each
//              (docs/vendors/directory.md: no batch endpoint).
//   yunzhong   never asked for an employee, only at hand: the owner a customer row embeds
//              (WeCom's member object, so whatever fields it has) or the corp's contact catalogue
//              that comes with every page (userid and name). Free.
//   shiheng    its employee list, walked whole (no lookup by employee, no corp filter:
//              docs/vendors/shiheng.md, Paging). The fields below; a mobile or email only for
//              employees who consented, a status only where its code is one WeCom defines.
export const SOURCE_ORDER: readonly EmployeeSource[] = ["directory", "yunzhong", "shiheng"];

const RANK: Record<EmployeeSource, number> = { directory: 0, yunzhong: 1, shiheng: 2 };

// A field shiheng never has (position, departments) must not walk its whole list only to end at
// the directory anyway.
const SHIHENG_CARRIES: ReadonlySet<EmployeeField> = new Set(["name", "mobile", "mobileKey", "email", "status", "gender", "avatarUrl"]);

/** An entry of yunzhong's contact catalogue (`data.employee[]`): a userid and a name, nothing more. */
export function catalogueFacts(contact: { userId: string; name: string | null }): EmployeeFacts {
  return { source: "yunzhong", userId: contact.userId, name: contact.name };
}

/**
 * yunzhong's copy of an employee, from page 1 of the corp's list (its catalogue) and page 1 of
 * their own search: a row they own embeds the member object, yunzhong's fullest copy; the
 * catalogue also names employees who own no row. Null when neither page names them.
 */
export function yunzhongCopy(userId: string, contact: { userId: string; name: string | null } | undefined, ownRow: { ownerFacts: EmployeeFacts | null } | undefined): EmployeeFacts | null {
  if (!contact && !ownRow) return null;
  return ownRow?.ownerFacts ?? catalogueFacts({ userId: contact?.userId ?? userId, name: contact?.name ?? null });
}

/**
 * Of two member objects a page's rows embed for one owner, the one kept: the first that states a
 * status, else the first. A status is what the owner-status plan reads them for (section 7).
 */
export function keptEmbeddedCopy(kept: EmployeeFacts | undefined, next: EmployeeFacts): EmployeeFacts {
  return kept === undefined || (kept.status === undefined && next.status !== undefined) ? next : kept;
}

// ── 2. An employee and the facts at hand ─────────────────────────────────────────────────────
/** An employee as the graph passes it around: who it is, and what we already know for free. */
export interface EmployeeRef {
  corpId: string;
  userId: string;
  /** Best source first (SOURCE_ORDER). */
  known: readonly EmployeeFacts[];
}

export function employeeRef(corpId: string, userId: string, ...known: (EmployeeFacts | null | undefined)[]): EmployeeRef {
  const facts = known.filter((f): f is EmployeeFacts => Boolean(f)).sort((a, b) => RANK[a.source] - RANK[b.source]);
  return { corpId, userId, known: facts };
}

/** The field from the facts at hand, best source first; undefined when none of them carries it. */
export function knownField<F extends EmployeeField>(ref: EmployeeRef, field: F): EmployeeFacts[F] | undefined {
  for (const facts of ref.known) if (facts[field] !== undefined) return facts[field];
  return undefined;
}

function hasFactsFrom(ref: EmployeeRef, source: EmployeeSource): boolean {
  return ref.known.some((f) => f.source === source);
}

// ── 3. The cost model, in vendor calls ───────────────────────────────────────────────────────
//   facts at hand (a yunzhong row, a shiheng row)   0
//   directory, per employee                         1 getUser (the request's loader dedups them)
//   shiheng, for any number of employees            one walk of the whole list: its page count,
//                                                   or 0 when this request already walked it or
//                                                   the cache holds its index (src/cache/)
//   yunzhong, one search                            its pages; estimated from the catalogue page
//                                                   (the unfiltered page 1: total and page size)
// The shiheng page count is learned from the last walk (SourceCosts, kept across requests); before
// the first walk it is unknown.

/** What this process has learned about source costs; kept across requests, never changes an answer. */
export class SourceCosts {
  private shihengPages: number | null = null;

  /** A walk of shiheng's whole list took `pages` pages: the next decision assumes the same. */
  learnShihengWalk(pages: number): void {
    this.shihengPages = Math.max(1, pages);
  }

  get lastShihengWalk(): number | null {
    return this.shihengPages;
  }
}

/** Calls asking the directory about `employees` employees costs: one getUser each. */
export function directoryCost(employees: number): number {
  return employees;
}

/** Calls a walk of shiheng's list costs this request now; null when we have never seen one. */
export function shihengWalkCost(loaders: Pick<SourceAccess, "shihengListAtHand" | "costs">): number | null {
  if (loaders.shihengListAtHand()) return 0;
  return loaders.costs.lastShihengWalk;
}

/** yunzhong pages of one walk of the corp's whole list: never less than the one page that says so. */
export function corpListPages(total: number, perPage: number): number {
  return Math.max(1, Math.ceil(total / Math.max(1, perPage)));
}

/**
 * yunzhong pages of one employee_member search for each of `searched` owners, when the corp's
 * `total` rows are spread over `owners` owners. Each search is expected to take that owner's share
 * of the list plus half a page (the last page is on average half full), and never less than one
 * page, however few rows they own.
 */
export function ownerSearchPages(searched: number, owners: number, total: number, perPage: number): number {
  const pageSize = Math.max(1, perPage);
  return searched * Math.max(1, total / (Math.max(1, owners) * pageSize) + 0.5);
}

// ── 4. The decisions between costs ───────────────────────────────────────────────────────────
// Fields shiheng carries, for a batch of employees whose facts at hand lack them: walk shiheng
// when that costs fewer calls than one getUser each, or when the directory is not there to ask.
// The batch is what one DataLoader tick gathers, so 50 owners missing a mobile cost one walk,
// while one owner costs one getUser, not a walk of a 5,000-employee list. With no walk seen yet,
// a handful go to the directory; more than that, and the walk (which also teaches us its cost)
// is the better bet.
const FEW_WITHOUT_HINT = 3;

export function walkShihengFor(employees: number, walkCost: number | null, directoryAvailable: boolean): boolean {
  if (!directoryAvailable) return true;
  if (walkCost === 0) return true;
  return directoryCost(employees) > (walkCost ?? FEW_WITHOUT_HINT);
}

/** shiheng's facts per employee when the decision walks; null means "ask the directory". */
export type ShihengFactsLoader = DataLoader<EmployeeKey, EmployeeFacts | null, string>;

export function createShihengFactsLoader(loaders: Omit<SourceAccess, "shihengFacts">): ShihengFactsLoader {
  return new DataLoader<EmployeeKey, EmployeeFacts | null, string>(
    async (keys) => {
      if (!walkShihengFor(keys.length, shihengWalkCost(loaders), loaders.has("directory"))) return keys.map(() => null);
      const index = await loaders.employees();
      return keys.map((key) => index.byUser.get(userIdKey(key.corpId, key.userId))?.facts ?? null);
    },
    { cacheKeyFn: (key) => userIdKey(key.corpId, key.userId) },
  );
}

/** Which way an ownerStatus filter over several owners is read (ownerStatus.ts reads it). */
export type OwnerStatusRoute = "per-owner" | "corp-list";

/**
 * yunzhong cannot search by the owner's status: the rows of the matching owners are read either by
 * one employee_member search each, or by one walk of the corp's list filtered here, whichever is
 * estimated to cost fewer pages (section 3): per-owner searches cost at least a page per owner,
 * however few rows each owns, while the corp's list costs its pages once.
 */
export function chooseRoute(matchingOwners: number, owners: number, total: number, perPage: number): OwnerStatusRoute {
  return ownerSearchPages(matchingOwners, owners, total, perPage) < corpListPages(total, perPage) ? "per-owner" : "corp-list";
}

// ── 5. One field of one employee ─────────────────────────────────────────────────────────────
/**
 * The value of one field: from the facts at hand, else shiheng (if it carries the field and the
 * decision walks), else the directory. `undefined` means the directory itself does not carry it
 * for this employee (or does not know the employee). A failing source is skipped while another
 * can still answer; its error is raised only when nothing could.
 */
export async function employeeField<F extends EmployeeField>(loaders: SourceAccess, ref: EmployeeRef, field: F): Promise<EmployeeFacts[F] | undefined> {
  const known = knownField(ref, field);
  if (known !== undefined) return known;
  let failure: unknown = null;

  if (SHIHENG_CARRIES.has(field) && !hasFactsFrom(ref, "shiheng") && !hasFactsFrom(ref, "directory") && loaders.has("shiheng")) {
    try {
      const value = (await loaders.shihengFacts.load({ corpId: ref.corpId, userId: ref.userId }))?.[field];
      if (value !== undefined) return value;
    } catch (error) {
      failure = error;
    }
  }
  if (!hasFactsFrom(ref, "directory") && loaders.has("directory")) {
    try {
      return (await loaders.directory.load({ corpId: ref.corpId, userId: ref.userId }))?.facts[field];
    } catch (error) {
      failure ??= error;
    }
  }
  if (failure) throw failure;
  // Only the directory could have answered, and it is off: say so rather than pass off null as "none".
  if (!hasFactsFrom(ref, "directory")) throw vendorNotConfigured("directory");
  return undefined;
}

/**
 * `status` is non-null in the graph, and shiheng reports codes WeCom does not define (0, 6) as
 * "not carried": the facts at hand, else the directory; with no directory it is UNKNOWN
 * (undefined here) rather than an error, so listing employees never needs the directory.
 */
export async function employeeStatus(loaders: SourceAccess, ref: EmployeeRef): Promise<EmployeeStatus | undefined> {
  const known = knownField(ref, "status");
  if (known !== undefined) return known;
  if (!loaders.has("directory")) return undefined;
  return employeeField(loaders, ref, "status");
}

// What the graph shows. `status`, `gender` and `departmentIds` are non-null in the schema, so each
// has a value for "no source says" (the directory off, a profile without the field). Never one for
// "a source failed": the error propagates and nulls the employee (docs/internals.md, Promises to
// clients: never an invented value).

/** The status a client sees, and the one filters match: UNKNOWN where no source says. */
export function statusOrUnknown(status: EmployeeStatus | undefined): EmployeeStatus {
  return status ?? "UNKNOWN";
}

export async function shownStatus(loaders: SourceAccess, ref: EmployeeRef): Promise<EmployeeStatus> {
  return statusOrUnknown(await employeeStatus(loaders, ref));
}

export async function shownGender(loaders: SourceAccess, ref: EmployeeRef): Promise<Gender> {
  return (await employeeField(loaders, ref, "gender")) ?? "UNSPECIFIED";
}

export async function shownDepartmentIds(loaders: SourceAccess, ref: EmployeeRef): Promise<number[]> {
  return (await employeeField(loaders, ref, "departmentIds")) ?? [];
}

/** The userid as the best source at hand spells it (yunzhong stores some in another case). */
export function shownUserId(ref: EmployeeRef): string {
  return ref.known[0]?.userId ?? ref.userId;
}

export type TextField = Extract<EmployeeField, "name" | "mobile" | "email" | "position" | "avatarUrl">;

/**
 * A nullable text field. Synchronous when the facts at hand carry it, so a list of 50 customers
 * costs no promise per owner field; otherwise the per-field rule, null where no source carries it.
 */
export function shownText(loaders: SourceAccess, ref: EmployeeRef, field: TextField): string | null | Promise<string | null> {
  const known = knownField(ref, field);
  return known !== undefined ? known : employeeField(loaders, ref, field).then((value) => value ?? null);
}

// ── 6. Finding an employee ───────────────────────────────────────────────────────────────────
// An employee exists while any source lists them (docs/internals.md, Promises to clients), so the
// directory's "no such user" (60111) is not the last word. The directory answers a single lookup
// in one call and carries every field, so it is asked first; then shiheng's list (one walk, shared
// by the whole request); then yunzhong (two pages of the corp: its catalogue and their own search,
// yunzhongCopy).
export const FIND_ORDER: readonly EmployeeSource[] = ["directory", "shiheng", "yunzhong"];

/** One source's look-up for findInOrder: the employee as that source knows them, or null. */
export type EmployeeLookup = () => Promise<EmployeeRef | null>;

/**
 * The first source in FIND_ORDER that lists the employee, asking only configured sources. A
 * failing directory is passed over while the lists may still name them, and its 60011 for a corp
 * the config does not list means "unknown corp": null rather than an error. A failing list ends
 * the search with the first error. With no source configured at all, the directory is the one
 * named missing.
 */
export async function findInOrder(loaders: Pick<SourceAccess, "has">, lookups: Readonly<Record<EmployeeSource, EmployeeLookup>>, corpListed: boolean): Promise<EmployeeRef | null> {
  let failure: unknown = null;
  for (const source of FIND_ORDER) {
    if (!loaders.has(source)) continue;
    try {
      const found = await lookups[source]();
      if (found) return found;
    } catch (error) {
      if (source !== "directory") throw failure ?? error;
      if (corpListed || !isNoPrivilege(error)) failure = error;
    }
  }
  if (failure) throw failure;
  if (!FIND_ORDER.some((source) => loaders.has(source))) throw vendorNotConfigured("directory");
  return null;
}

function isNoPrivilege(error: unknown): boolean {
  return error instanceof UpstreamError && error.code === "UPSTREAM_UNAUTHORIZED" && String(error.vendorCode) === "60011";
}

// The yunzhenji join by mobile (docs/vendors/yunzhenji.md, Quirks). shiheng carries the mobiles of
// employees who consented, at hand once its list is walked: that "partial" index is asked first.
// Only a miss pays for the "complete" one: every employee of the corp (shiheng's list, plus those
// only yunzhong's catalogue names, since shiheng lags behind WeCom) with the mobile the per-field
// rule gives (the directory, where nothing at hand has one). Without a directory the complete
// index could add nothing, so it is not built.
export type MobileIndexKind = "partial" | "complete";

/** The indexes a mobile is looked up in, in order, until one has it. */
export function mobileIndexOrder(loaders: Pick<SourceAccess, "has">): readonly MobileIndexKind[] {
  return loaders.has("directory") ? ["partial", "complete"] : ["partial"];
}

export interface MobileIndexPlan {
  kind: MobileIndexKind;
  /** The vendors whose answers the index is built from: the cache keeps it only while it keeps them. */
  inputs: Vendor[];
  /** Add the employees only yunzhong's catalogue names (the corp is on yunzhong, and it is configured). */
  catalogue: boolean;
}

export function mobileIndexPlan(loaders: Pick<SourceAccess, "has">, kind: MobileIndexKind, yunzhongUniacid: number | null): MobileIndexPlan {
  const catalogue = kind === "complete" && yunzhongUniacid !== null && loaders.has("yunzhong");
  const inputs: Vendor[] = kind === "complete" ? ["shiheng", "directory", ...(catalogue ? (["yunzhong"] as const) : [])] : ["shiheng"];
  return { kind, inputs, catalogue };
}

/** The mobile key each employee is filed under: at hand only (partial), or by the per-field rule (complete). */
export async function mobileKeysFor(loaders: SourceAccess, refs: readonly EmployeeRef[], kind: MobileIndexKind): Promise<(string | null | undefined)[]> {
  if (kind === "partial") return refs.map((ref) => knownField(ref, "mobileKey"));
  return Promise.all(refs.map((ref) => employeeField(loaders, ref, "mobileKey")));
}

// ── 7. An owner's status ─────────────────────────────────────────────────────────────────────
// CustomerFilter.ownerStatus and Corp.departures need the status of every employee who can own a
// row (yunzhong's contact catalogue names them all: docs/vendors/yunzhong.md, Decisions). Best
// source first among those already read, then the cheapest call that can tell:
//   1. the member object a row of the catalogue page embeds (yunzhong's copy);
//   2. shiheng's row, when its status is one WeCom defines (not its 0 or 6);
//   3. page 1 of the owner's own search: its rows embed yunzhong's copy (one page);
//   4. the directory (employeeStatus), only when that page embeds none.
// An owner whose own search is empty is asked nothing more: they match no customer.

/** Steps 1 and 2: the status the free sources give; undefined when neither says. */
export function freeOwnerStatus(catalogueCopy: EmployeeFacts | null | undefined, shiheng: EmployeeFacts | null | undefined): EmployeeStatus | undefined {
  return catalogueCopy?.status ?? shiheng?.status;
}

/**
 * Steps 3 and 4, for an owner the free sources say nothing of, once page 1 of their own search is
 * read (`ref` already holds its embedded copy). Undefined for an owner of no rows.
 */
export async function askedOwnerStatus(loaders: SourceAccess, ref: EmployeeRef, ownPage: { total: number; embedded: EmployeeFacts | null }): Promise<EmployeeStatus | undefined> {
  if (ownPage.total === 0) return undefined;
  return ownPage.embedded?.status ?? statusOrUnknown(await employeeStatus(loaders, ref));
}

/**
 * The status a row (or a page of one owner's rows) is judged by: the member object it embeds when
 * that states one, so a row never shows an owner whose `status` a filter excluded; else what the
 * owner-status plan found for them; else, for an owner it does not name (the catalogue should name
 * everyone), the per-field rule. Undefined for a row that names no owner.
 */
export async function rowOwnerStatus(loaders: SourceAccess, embedded: EmployeeFacts | null, owner: EmployeeRef | null, planned: EmployeeStatus | undefined): Promise<EmployeeStatus | undefined> {
  if (embedded?.status !== undefined) return embedded.status;
  if (!owner) return undefined;
  if (planned !== undefined) return planned;
  return employeeStatus(loaders, owner);
}

// ── 8. Departures ────────────────────────────────────────────────────────────────────────────
// The 离职继承 worklist: employees who are LEFT or DISABLED and still own rows or are logged in on
// a cloud phone. Contact employees are judged by their owner status (section 7); everyone else
// shiheng lists can be on the list only through an online account.
export const DEPARTED: ReadonlySet<EmployeeStatus> = new Set(["LEFT", "DISABLED"]);

/** How departures treats a contact employee, by the status the owner-status plan found. */
export type OwnerDeparture = "departed" | "stayed" | "as-non-owner";

export function ownerDeparture(status: EmployeeStatus | undefined): OwnerDeparture {
  // The plan leaves a status undefined only for someone who owns no rows and whom no free source
  // describes: like anyone who owns none, only an online account could put them on the list.
  if (status === undefined) return "as-non-owner";
  return DEPARTED.has(status) ? "departed" : "stayed";
}

/**
 * A departed owner whose status came free, after page 1 of their own search (read to count their
 * rows): yunzhong's copy outranks shiheng's, so if it says they are still here, they are.
 */
export function stillDeparted(ownPageCopy: EmployeeFacts | null): boolean {
  return ownPageCopy?.status === undefined || DEPARTED.has(ownPageCopy.status);
}

/**
 * Whether someone who owns no rows may be on the list, before their accounts are joined: never
 * when the corp has no online account; shiheng's status when it defines one; else the directory,
 * but only when no mobile at hand already rules them out (none of the online accounts has it).
 */
export async function nonOwnerMayBeDeparted(loaders: SourceAccess, ref: EmployeeRef, listedStatus: EmployeeStatus | undefined, onlineByMobile: ReadonlyMap<string, unknown>): Promise<boolean> {
  if (onlineByMobile.size === 0) return false;
  if (listedStatus !== undefined) return DEPARTED.has(listedStatus);
  const mobileKey = knownField(ref, "mobileKey");
  if (mobileKey !== undefined && !(mobileKey && onlineByMobile.has(mobileKey))) return false;
  const status = await employeeStatus(loaders, ref);
  return status !== undefined && DEPARTED.has(status);
}
