// The 离职继承 worklist (Corp.departures): employees who are LEFT or DISABLED and still own
// customers, or whose WeCom account is still logged in on a cloud phone. No vendor can list
// "departed owners", and reading every customer of the corp to find them would cost the whole
// list; so the departed are found among the employees first (shiheng's list, yunzhong's contact
// catalogue) and only their own rows are asked for, one employee_member search each. Who counts as
// departed, and when the directory is asked, is decided in sourcePlan.ts (sections 7 and 8).
import type { Corp } from "../domain/corps.js";
import type { EmployeeStatus } from "../domain/enums.js";
import type { WeComAccount } from "../domain/types.js";
import { compareUserIds, userIdKey } from "../domain/userId.js";
import type { Loaders } from "./createLoaders.js";
import { employeeField, employeeRef, nonOwnerMayBeDeparted, ownerDeparture, stillDeparted, type EmployeeRef } from "./sourcePlan.js";
import { corpOwners, embeddedFacts, ownerFirstPage, type CorpOwner } from "./ownerStatus.js";

export interface Departure {
  employee: EmployeeRef;
  corp: Corp;
  /** yunzhong's spelling, for their employee_member search; null when its catalogue does not name them (they own no rows). */
  ownerUserId: string | null;
  customerCount: number;
  /** Their accounts online on a yunzhenji cloud phone, in yunzhenji's order. */
  onlineAccounts: WeComAccount[];
}

/**
 * The corp's departures, most customers first (ties by userid, case-insensitively), once per request.
 *
 * Statuses are those of `corpOwners` for yunzhong's contact employees and shiheng's for everyone
 * else it lists; who counts as departed, and when the directory is asked for someone who owns no
 * rows, is sourcePlan.ts's (sections 7 and 8). Accounts join by normalised mobile within the
 * corp: a yunzhong row's embedded copy or shiheng's (with consent), else the directory's.
 *
 * Calls: 1 shiheng walk (shared by every corp), 1 yunzhenji walk, the catalogue page, page 1 of
 * the search of each departed owner and of each owner no free source gives a status, and one
 * getUser per employee whose status or mobile only the directory has and who could be on the list.
 * An employee only the directory knows (neither shiheng nor yunzhong lists them) cannot be found:
 * the directory has no list (docs/vendors/directory.md).
 */
export function departuresOfCorp(loaders: Loaders, corp: Corp): Promise<Departure[]> {
  loaders.ensure("shiheng");
  if (corp.yunzhong) loaders.ensure("yunzhong");
  if (corp.yunzhenjiCorpId !== null) loaders.ensure("yunzhenji");
  return loaders.memo(`departures:${corp.corpId}`, async () => {
    const [owners, listed, online] = await Promise.all([corpOwners(loaders, corp), loaders.employees(), onlineByMobile(loaders, corp)]);
    const accountsOf = async (ref: EmployeeRef): Promise<WeComAccount[]> => {
      if (online.size === 0) return [];
      const key = await employeeField(loaders, ref, "mobileKey");
      return key ? (online.get(key) ?? []) : [];
    };

    const fromOwner = async (owner: CorpOwner): Promise<Departure | null> => {
      const judged = ownerDeparture(owner.status);
      if (judged === "as-non-owner") return fromNonOwner(owner.ref, undefined, owner.userId);
      if (judged === "stayed") return null;
      let { ref } = owner;
      let count = owner.rowCount;
      if (count === null && corp.yunzhong) {
        const page = await ownerFirstPage(loaders, corp.yunzhong.uniacid, owner.userId);
        count = page.total;
        const embedded = embeddedFacts(page.rows, owner.userId);
        if (!stillDeparted(embedded)) return null;
        ref = employeeRef(corp.corpId, owner.userId, embedded, ...ref.known);
      }
      const accounts = await accountsOf(ref);
      return (count ?? 0) > 0 || accounts.length > 0 ? { employee: ref, corp, ownerUserId: owner.userId, customerCount: count ?? 0, onlineAccounts: accounts } : null;
    };

    // Someone who owns no rows is on the list only through an online account.
    const fromNonOwner = async (ref: EmployeeRef, listedStatus: EmployeeStatus | undefined, ownerUserId: string | null): Promise<Departure | null> => {
      if (!(await nonOwnerMayBeDeparted(loaders, ref, listedStatus, online))) return null;
      const accounts = await accountsOf(ref);
      return accounts.length > 0 ? { employee: ref, corp, ownerUserId, customerCount: 0, onlineAccounts: accounts } : null;
    };

    const isOwner = new Set(owners.map((o) => userIdKey(corp.corpId, o.userId)));
    const others = (listed.byCorp.get(corp.corpId) ?? []).filter((row) => !isOwner.has(userIdKey(corp.corpId, row.facts.userId)));
    const found = await Promise.all([
      ...owners.map(fromOwner),
      ...others.map((row) => fromNonOwner(employeeRef(corp.corpId, row.facts.userId, row.facts), row.facts.status, null)),
    ]);
    return found
      .filter((d): d is Departure => d !== null)
      .sort((a, b) => b.customerCount - a.customerCount || compareUserIds(a.employee.userId, b.employee.userId));
  });
}

/** The corp's online yunzhenji accounts by normalised mobile (a masked one joins nothing), in yunzhenji's order. */
async function onlineByMobile(loaders: Loaders, corp: Corp): Promise<Map<string, WeComAccount[]>> {
  const out = new Map<string, WeComAccount[]>();
  if (corp.yunzhenjiCorpId === null) return out;
  for (const account of (await loaders.accounts()).byCorp.get(corp.yunzhenjiCorpId) ?? []) {
    if (!account.online || !account.mobileKey) continue;
    const same = out.get(account.mobileKey);
    if (same) same.push(account);
    else out.set(account.mobileKey, [account]);
  }
  return out;
}
