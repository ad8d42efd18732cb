// Finding employees: by (corpId, userid), by corp, and by mobile for the yunzhenji join.
import type { Corp } from "../domain/corps.js";
import type { EmployeeStatus } from "../domain/enums.js";
import type { ShihengEmployee } from "../domain/types.js";
import type { Vendor } from "../errors/codes.js";
import { vendorNotConfigured } from "../errors/GraphError.js";
import type { Loaders } from "./createLoaders.js";
import { employeeField, employeeRef, employeeStatus, type EmployeeRef } from "./sourcePlan.js";
import { sameUserId, userIdKey } from "../domain/userId.js";
import { UpstreamError } from "../vendors/http/UpstreamError.js";

/**
 * One employee, or null when no source lists them. An employee exists while any source lists them
 * (shiheng's list, a yunzhong row's owner or contact employee, the directory), so the directory's
 * "no such user" (60111) is not the last word: `Corp.employees` lists from shiheng, and an employee
 * it lists must be found here too, with the directory-only fields null. The directory answers a
 * single lookup in one call and carries every field, so it is asked first.
 */
export async function findEmployee(loaders: Loaders, corp: Corp | null, corpId: string, userId: string): Promise<EmployeeRef | null> {
  if (userId.trim() === "" || corpId.trim() === "") return null;
  let failure: unknown = null;
  if (loaders.has("directory")) {
    try {
      const profile = await loaders.directory.load({ corpId, userId });
      if (profile) return employeeRef(corpId, profile.facts.userId, profile.facts);
    } catch (error) {
      // The directory refuses corps it does not serve (60011); for a corp the config does not list
      // either, that means "unknown corp", which is null rather than an error.
      if (corp !== null || !isNoPrivilege(error)) failure = error;
    }
  }
  try {
    const listed = await listedElsewhere(loaders, corp, corpId, userId);
    if (listed) return listed;
  } catch (error) {
    // Nobody could say: the first source's error is the one to report.
    throw failure ?? error;
  }
  if (failure) throw failure;
  if (!loaders.has("directory") && !loaders.has("shiheng") && !loaders.has("yunzhong")) throw vendorNotConfigured("directory");
  return null;
}

/** The employee as shiheng's list or yunzhong (its contact catalogue, else a row they own) knows them. */
async function listedElsewhere(loaders: Loaders, corp: Corp | null, corpId: string, userId: string): Promise<EmployeeRef | null> {
  if (loaders.has("shiheng")) {
    const row = (await loaders.employees()).byUser.get(userIdKey(corpId, userId));
    if (row) return refOf(row);
  }
  const uniacid = corp?.yunzhong?.uniacid;
  if (uniacid === undefined || !loaders.has("yunzhong")) return null;
  // A row they own carries yunzhong's fullest copy of them; the catalogue also names owners of none.
  const [catalogue, ownPage] = await Promise.all([
    loaders.customerPages.load({ uniacid, page: 1, search: {} }),
    loaders.customerPages.load({ uniacid, page: 1, search: { employeeUserId: userId } }),
  ]);
  const contact = catalogue.employees.find((e) => sameUserId(e.userId, userId));
  const owned = ownPage.rows.find((r) => sameUserId(r.ownerUserId, userId));
  if (!contact && !owned) return null;
  const facts = owned?.ownerFacts ?? { source: "yunzhong" as const, userId: contact?.userId ?? userId, name: contact?.name ?? null };
  return employeeRef(corpId, facts.userId, facts);
}

function isNoPrivilege(error: unknown): boolean {
  return error instanceof UpstreamError && error.code === "UPSTREAM_UNAUTHORIZED" && String(error.vendorCode) === "60011";
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

/**
 * The employee of a corp with this normalised mobile, the only key the vendor gives for the
 * yunzhenji join (docs/vendors/yunzhenji.md, Quirks). shiheng carries mobiles only of employees
 * who consented, so on a miss the rest of the corp's mobiles come from the directory: the
 * "complete" index, built once per corp per request, or once per TTL when the cache is on.
 */
export async function employeeByMobile(loaders: Loaders, corp: Corp, mobileKey: string): Promise<EmployeeRef | null> {
  const uniacid = corp.yunzhong?.uniacid ?? null;
  const index = await mobileIndex(loaders, corp.corpId, false, uniacid);
  const hit = index.get(mobileKey);
  if (hit !== undefined || !loaders.has("directory")) return hit ?? null;
  return (await mobileIndex(loaders, corp.corpId, true, uniacid)).get(mobileKey) ?? null;
}

function mobileIndex(loaders: Loaders, corpId: string, complete: boolean, yunzhongUniacid: number | null): Promise<Map<string, EmployeeRef>> {
  const catalogue = complete && yunzhongUniacid !== null && loaders.has("yunzhong");
  const inputs: Vendor[] = complete ? ["shiheng", "directory", ...(catalogue ? (["yunzhong"] as const) : [])] : ["shiheng"];
  return loaders.shared(`mobileIndex:${complete ? "complete" : "partial"}:${corpId}`, inputs, (l) => buildMobileIndex(l, corpId, complete, yunzhongUniacid));
}

/**
 * shiheng's list lags behind WeCom (employees who joined since its last sync are missing); yunzhong's
 * page carries the corp's customer-contact employees, so they are enumerable too. Best effort: when
 * yunzhong fails, the join still answers from shiheng, and yunzhong's error surfaces wherever a
 * field really needs it.
 */
async function catalogueOnly(loaders: Loaders, corpId: string, uniacid: number, known: readonly EmployeeRef[]): Promise<EmployeeRef[]> {
  if (!loaders.has("yunzhong")) return [];
  let page;
  try {
    page = await loaders.customerPages.load({ uniacid, page: 1, search: {} });
  } catch {
    loaders.missed("yunzhong"); // an index built without the catalogue must not outlive this request
    return [];
  }
  const have = new Set(known.map((r) => r.userId.toLowerCase()));
  return page.employees
    .filter((e) => !have.has(e.userId.toLowerCase()))
    .map((e) => employeeRef(corpId, e.userId, { source: "yunzhong", userId: e.userId, name: e.name }));
}

async function buildMobileIndex(loaders: Loaders, corpId: string, complete: boolean, yunzhongUniacid: number | null): Promise<Map<string, EmployeeRef>> {
  const refs = ((await loaders.employees()).byCorp.get(corpId) ?? []).map(refOf);
  if (complete && yunzhongUniacid !== null) refs.push(...(await catalogueOnly(loaders, corpId, yunzhongUniacid, refs)));
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
