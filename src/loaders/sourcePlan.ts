// Source planning for Employee fields: which source answers which field of which employee, and
// what asking costs. The one place that decides; read it top to bottom:
//   1. the sources, best first, and what each carries;
//   2. EmployeeRef: an employee and the facts already at hand;
//   3. the cost model, in vendor calls, knowing what this request and the cache already hold;
//   4. the decision per batch: walk shiheng's list, or ask the directory once per employee;
//   5. the rule for one field of one employee (employeeField, employeeStatus).
// Finding employees (by id, by corp, by mobile) is in employees.ts; it asks fields through here.
import DataLoader from "dataloader";
import type { EmployeeStatus } from "../domain/enums.js";
import type { EmployeeFacts, EmployeeField, EmployeeSource } from "../domain/types.js";
import { userIdKey } from "../domain/userId.js";
import { vendorNotConfigured } from "../errors/GraphError.js";
import type { Loaders } from "./createLoaders.js";
import type { EmployeeKey } from "./directoryLoader.js";

// ── 1. The sources, best first ───────────────────────────────────────────────────────────────
// When sources disagree the directory profile wins, then the employee embedded in a yunzhong row,
// then shiheng's list (contract). A query that selects only fields a cheaper source carries may
// be answered without the directory.
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
// The page count is learned from the last walk (SourceCosts, kept across requests); before the
// first walk it is unknown.

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

/** Calls a walk of shiheng's list costs this request now; null when we have never seen one. */
export function shihengWalkCost(loaders: Loaders): number | null {
  if (loaders.shihengListAtHand()) return 0;
  return loaders.costs.lastShihengWalk;
}

// ── 4. The decision per batch ────────────────────────────────────────────────────────────────
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
  return employees > (walkCost ?? FEW_WITHOUT_HINT);
}

/** shiheng's facts per employee when the decision walks; null means "ask the directory". */
export type ShihengFactsLoader = DataLoader<EmployeeKey, EmployeeFacts | null, string>;

export function createShihengFactsLoader(loaders: Loaders): ShihengFactsLoader {
  return new DataLoader<EmployeeKey, EmployeeFacts | null, string>(
    async (keys) => {
      if (!walkShihengFor(keys.length, shihengWalkCost(loaders), loaders.has("directory"))) return keys.map(() => null);
      const index = await loaders.employees();
      return keys.map((key) => index.byUser.get(userIdKey(key.corpId, key.userId))?.facts ?? null);
    },
    { cacheKeyFn: (key) => userIdKey(key.corpId, key.userId) },
  );
}

// ── 5. One field of one employee ─────────────────────────────────────────────────────────────
/**
 * The value of one field: from the facts at hand, else shiheng (if it carries the field and the
 * decision walks), else the directory. `undefined` means the directory itself does not carry it
 * for this employee (or does not know the employee). A failing source is skipped while another
 * can still answer; its error is raised only when nothing could.
 */
export async function employeeField<F extends EmployeeField>(loaders: Loaders, ref: EmployeeRef, field: F): Promise<EmployeeFacts[F] | undefined> {
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
export async function employeeStatus(loaders: Loaders, ref: EmployeeRef): Promise<EmployeeStatus | undefined> {
  const known = knownField(ref, "status");
  if (known !== undefined) return known;
  if (!loaders.has("directory")) return undefined;
  return employeeField(loaders, ref, "status");
}
