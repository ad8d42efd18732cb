// Finding employees: by (corpId, userid), by corp, and by mobile for the yunzhenji join. Which
// source is asked first, and which index a mobile is looked up in, is planned in sourcePlan.ts;
// the look-ups and index builds are here.
import type { Corp } from "../domain/corps.js";
import type { EmployeeStatus } from "../domain/enums.js";
import type { ShihengEmployee } from "../domain/types.js";
import type { Loaders } from "./createLoaders.js";
import {
  catalogueFacts,
  employeeRef,
  findInOrder,
  mobileIndexOrder,
  mobileIndexPlan,
  mobileKeysFor,
  shownStatus,
  yunzhongCopy,
  type EmployeeRef,
  type MobileIndexKind,
} from "./sourcePlan.js";
import { sameUserId, userIdKey } from "../domain/userId.js";

/**
 * One employee, or null when no source lists them (docs/internals.md, Promises to clients: who
 * exists). `Corp.employees` lists from shiheng, and an employee it lists must be found here too,
 * with the directory-only fields null.
 */
export async function findEmployee(loaders: Loaders, corp: Corp | null, corpId: string, userId: string): Promise<EmployeeRef | null> {
  if (userId.trim() === "" || corpId.trim() === "") return null;
  return findInOrder(
    loaders,
    {
      directory: async () => {
        const profile = await loaders.directory.load({ corpId, userId });
        return profile ? employeeRef(corpId, profile.facts.userId, profile.facts) : null;
      },
      shiheng: async () => {
        const row = (await loaders.employees()).byUser.get(userIdKey(corpId, userId));
        return row ? refOf(row) : null;
      },
      yunzhong: () => yunzhongListing(loaders, corp, corpId, userId),
    },
    corp !== null,
  );
}

/** The employee as yunzhong knows them: its contact catalogue, and page 1 of their own rows. */
async function yunzhongListing(loaders: Loaders, corp: Corp | null, corpId: string, userId: string): Promise<EmployeeRef | null> {
  const uniacid = corp?.yunzhong?.uniacid;
  if (uniacid === undefined) return null;
  const [catalogue, ownPage] = await Promise.all([
    loaders.customerPages.load({ uniacid, page: 1, search: {} }),
    loaders.customerPages.load({ uniacid, page: 1, search: { employeeUserId: userId } }),
  ]);
  const contact = catalogue.employees.find((e) => sameUserId(e.userId, userId));
  const owned = ownPage.rows.find((r) => sameUserId(r.ownerUserId, userId));
  const facts = yunzhongCopy(userId, contact, owned);
  return facts ? employeeRef(corpId, facts.userId, facts) : null;
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
  const statuses = await Promise.all(refs.map((ref) => shownStatus(loaders, ref)));
  return refs.filter((_, i) => statuses[i] === status);
}

/**
 * The employee of a corp with this normalised mobile, the only key the vendor gives for the
 * yunzhenji join (docs/vendors/yunzhenji.md, Quirks). Each index is built once per corp per
 * request, or once per TTL when the cache is on.
 */
export async function employeeByMobile(loaders: Loaders, corp: Corp, mobileKey: string): Promise<EmployeeRef | null> {
  const uniacid = corp.yunzhong?.uniacid ?? null;
  for (const kind of mobileIndexOrder(loaders)) {
    const hit = (await mobileIndex(loaders, corp.corpId, kind, uniacid)).get(mobileKey);
    if (hit !== undefined) return hit;
  }
  return null;
}

function mobileIndex(loaders: Loaders, corpId: string, kind: MobileIndexKind, yunzhongUniacid: number | null): Promise<Map<string, EmployeeRef>> {
  const { inputs } = mobileIndexPlan(loaders, kind, yunzhongUniacid);
  return loaders.shared(`mobileIndex:${kind}:${corpId}`, inputs, (l) => buildMobileIndex(l, corpId, kind, yunzhongUniacid));
}

/**
 * shiheng's list lags behind WeCom (employees who joined since its last sync are missing); yunzhong's
 * page carries the corp's customer-contact employees, so they are enumerable too. Best effort: when
 * yunzhong fails, the join still answers from shiheng, and yunzhong's error surfaces wherever a
 * field really needs it.
 */
async function catalogueOnly(loaders: Loaders, corpId: string, uniacid: number, known: readonly EmployeeRef[]): Promise<EmployeeRef[]> {
  let page;
  try {
    page = await loaders.customerPages.load({ uniacid, page: 1, search: {} });
  } catch {
    loaders.missed("yunzhong"); // an index built without the catalogue must not outlive this request
    return [];
  }
  const have = new Set(known.map((r) => r.userId.toLowerCase()));
  return page.employees.filter((e) => !have.has(e.userId.toLowerCase())).map((e) => employeeRef(corpId, e.userId, catalogueFacts(e)));
}

async function buildMobileIndex(loaders: Loaders, corpId: string, kind: MobileIndexKind, yunzhongUniacid: number | null): Promise<Map<string, EmployeeRef>> {
  const refs = ((await loaders.employees()).byCorp.get(corpId) ?? []).map(refOf);
  const plan = mobileIndexPlan(loaders, kind, yunzhongUniacid);
  if (plan.catalogue && yunzhongUniacid !== null) refs.push(...(await catalogueOnly(loaders, corpId, yunzhongUniacid, refs)));
  const index = new Map<string, EmployeeRef>();
  const keys = await mobileKeysFor(loaders, refs, kind);
  refs.forEach((ref, i) => {
    const key = keys[i];
    if (key && !index.has(key)) index.set(key, ref);
  });
  return index;
}
