// Finding employees: by (corpId, userid), by corp, and by mobile for the yunzhenji join.
import type { EmployeeStatus } from "../domain/enums.js";
import type { ShihengEmployee } from "../domain/types.js";
import { vendorNotConfigured } from "../errors/GraphError.js";
import type { Loaders } from "./createLoaders.js";
import { employeeField, employeeRef, type EmployeeRef } from "./employeeFields.js";
import { userIdKey } from "../domain/userId.js";

/**
 * One employee, or null when no source knows it. The directory answers a single lookup in one call
 * and carries every field; shiheng's list costs a whole walk, so it is the fallback when the
 * directory is off or failing.
 */
export async function findEmployee(loaders: Loaders, corpId: string, userId: string): Promise<EmployeeRef | null> {
  let failure: unknown = null;
  if (loaders.has("directory")) {
    try {
      const profile = await loaders.directory.load({ corpId, userId });
      return profile ? employeeRef(corpId, profile.facts.userId, profile.facts) : null;
    } catch (error) {
      failure = error;
    }
  }
  if (loaders.has("shiheng")) {
    const row = (await loaders.employees()).byUser.get(userIdKey(corpId, userId));
    if (row) return employeeRef(corpId, row.facts.userId, row.facts);
    if (!failure) return null;
  }
  throw failure ?? vendorNotConfigured("directory");
}

export function refOf(row: ShihengEmployee): EmployeeRef {
  return employeeRef(row.corpId, row.facts.userId, row.facts);
}

/**
 * A corp's employees from shiheng's list, in its order. A status filter is exact: where shiheng
 * reports a status it does not define (0, 6), the employee's status comes from the better source.
 */
export async function employeesOfCorp(loaders: Loaders, corpId: string, status: EmployeeStatus | null): Promise<EmployeeRef[]> {
  const rows = (await loaders.employees()).byCorp.get(corpId) ?? [];
  const refs = rows.map(refOf);
  if (!status) return refs;
  const statuses = await Promise.all(refs.map(async (ref) => (await employeeStatus(loaders, ref)) ?? "UNKNOWN"));
  return refs.filter((_, i) => statuses[i] === status);
}

export async function employeeStatus(loaders: Loaders, ref: EmployeeRef): Promise<EmployeeStatus | undefined> {
  const direct = ref.known.find((f) => f.status !== undefined)?.status;
  if (direct !== undefined) return direct;
  if (!loaders.has("directory")) return undefined;
  return employeeField(loaders, ref, "status");
}

/**
 * The employee of a corp with this normalised mobile, the only key the vendor gives for the
 * yunzhenji join (vendor-docs §1). shiheng carries mobiles only of employees who consented, so on a
 * miss the rest of the corp's mobiles come from the directory, once per corp per request.
 */
export async function employeeByMobile(loaders: Loaders, corpId: string, mobileKey: string): Promise<EmployeeRef | null> {
  const index = await mobileIndex(loaders, corpId, false);
  const hit = index.get(mobileKey);
  if (hit !== undefined || !loaders.has("directory")) return hit ?? null;
  return (await mobileIndex(loaders, corpId, true)).get(mobileKey) ?? null;
}

function mobileIndex(loaders: Loaders, corpId: string, complete: boolean): Promise<Map<string, EmployeeRef>> {
  return loaders.memo(`mobileIndex:${complete ? "complete" : "partial"}:${corpId}`, () => buildMobileIndex(loaders, corpId, complete));
}

async function buildMobileIndex(loaders: Loaders, corpId: string, complete: boolean): Promise<Map<string, EmployeeRef>> {
  const refs = ((await loaders.employees()).byCorp.get(corpId) ?? []).map(refOf);
  const index = new Map<string, EmployeeRef>();
  const keys = complete
    ? await Promise.all(refs.map((ref) => employeeField(loaders, ref, "mobileKey")))
    : refs.map((ref) => ref.known[0]?.mobileKey);
  refs.forEach((ref, i) => {
    const key = keys[i];
    if (key && !index.has(key)) index.set(key, ref);
  });
  return index;
}
