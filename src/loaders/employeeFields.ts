// Source planning for Employee fields. Contract: the directory profile wins, then the employee
// embedded in a yunzhong row, then shiheng's list; a field a cheaper source already carries is
// answered without calling the directory, which costs one call per employee (vendor-docs §4).
import type { EmployeeFacts, EmployeeField, EmployeeSource } from "../domain/types.js";
import { vendorNotConfigured } from "../errors/GraphError.js";
import type { Loaders } from "./createLoaders.js";

/** An employee as the graph passes it around: who it is, and what we already know for free. */
export interface EmployeeRef {
  corpId: string;
  userId: string;
  known: readonly EmployeeFacts[];
}

const RANK: Record<EmployeeSource, number> = { directory: 0, yunzhong: 1, shiheng: 2 };

// What each source can carry at all, so a field shiheng never has (position, departments) does not
// walk shiheng's whole list only to end at the directory anyway.
const SHIHENG_FIELDS: ReadonlySet<EmployeeField> = new Set(["name", "mobile", "mobileKey", "email", "status", "gender", "avatarUrl"]);

export function employeeRef(corpId: string, userId: string, ...known: (EmployeeFacts | null | undefined)[]): EmployeeRef {
  const facts = known.filter((f): f is EmployeeFacts => Boolean(f)).sort((a, b) => RANK[a.source] - RANK[b.source]);
  return { corpId, userId, known: facts };
}

/** The field from the facts at hand, best source first; undefined when none of them carries it. */
export function knownField<F extends EmployeeField>(ref: EmployeeRef, field: F): EmployeeFacts[F] | undefined {
  for (const facts of ref.known) if (facts[field] !== undefined) return facts[field];
  return undefined;
}

/**
 * The value of one field, from the cheapest source that carries it. `undefined` means the directory
 * itself does not carry it for this employee (or does not know the employee). A failing source is skipped while another can still answer;
 * its error is raised only when nothing could.
 */
export async function employeeField<F extends EmployeeField>(loaders: Loaders, ref: EmployeeRef, field: F): Promise<EmployeeFacts[F] | undefined> {
  const known = knownField(ref, field);
  if (known !== undefined) return known;
  let failure: unknown = null;
  const has = (source: EmployeeSource) => ref.known.some((f) => f.source === source);

  if (SHIHENG_FIELDS.has(field) && !has("shiheng") && !has("directory") && loaders.has("shiheng")) {
    try {
      const facts = await loaders.listedFacts.load({ corpId: ref.corpId, userId: ref.userId });
      const value = facts?.[field];
      if (value !== undefined) return value;
    } catch (error) {
      failure = error;
    }
  }
  if (!has("directory") && loaders.has("directory")) {
    try {
      const profile = await loaders.directory.load({ corpId: ref.corpId, userId: ref.userId });
      const value = profile?.facts[field];
      if (value !== undefined) return value;
      return undefined;
    } catch (error) {
      failure ??= error;
    }
  }
  if (failure) throw failure;
  // Only the directory could have answered, and it is off: say so rather than pass off null as "none".
  if (!has("directory")) throw vendorNotConfigured("directory");
  return undefined;
}
