// yunzhenji accounts and their joins. The vendor has no corp or mobile filter, so every join reads
// the one list walked per request; only the top-level `accounts` connection pages remotely.
import type { Corp, CorpDirectory } from "../domain/corps.js";
import type { WeComAccount } from "../domain/types.js";
import { accountMobileKey } from "./accountIndex.js";
import type { Loaders } from "./createLoaders.js";
import { employeeField, type EmployeeRef } from "./sourcePlan.js";
import { employeeByMobile } from "./employees.js";
import { sliceRemote, type Window } from "./sliceRemote.js";

export const YUNZHENJI_PAGE_SIZE = 100;

export async function accountsWindow(loaders: Loaders, online: boolean | null, { offset, limit }: Window): Promise<{ nodes: WeComAccount[]; total: number }> {
  const hintKey = "yunzhenji";
  const slice = await sliceRemote({
    offset,
    limit,
    pageSizeHint: loaders.hints.get(hintKey) ?? YUNZHENJI_PAGE_SIZE,
    fetchPage: async (page) => {
      const result = await loaders.accountPages.load({ ...(online === null ? {} : { online }), page, pageSize: YUNZHENJI_PAGE_SIZE });
      return { rows: result.rows, pageSize: result.pageSize, total: result.total };
    },
  });
  loaders.hints.set(hintKey, slice.pageSize);
  return { nodes: slice.rows, total: slice.total };
}

export async function accountsOfCorp(loaders: Loaders, corp: Corp, online: boolean | null): Promise<WeComAccount[]> {
  loaders.ensure("yunzhenji");
  if (corp.yunzhenjiCorpId === null) return [];
  const rows = (await loaders.accounts()).byCorp.get(corp.yunzhenjiCorpId) ?? [];
  return online === null ? rows : rows.filter((a) => a.online === online);
}

export async function accountsOfEmployee(loaders: Loaders, corp: Corp, ref: EmployeeRef): Promise<WeComAccount[]> {
  loaders.ensure("yunzhenji");
  if (corp.yunzhenjiCorpId === null) return [];
  const mobileKey = await employeeField(loaders, ref, "mobileKey");
  if (!mobileKey) return [];
  return (await loaders.accounts()).byCorpMobile.get(accountMobileKey(corp.yunzhenjiCorpId, mobileKey)) ?? [];
}

export async function employeeOfAccount(loaders: Loaders, corps: CorpDirectory, account: WeComAccount): Promise<EmployeeRef | null> {
  const corp = corps.forYunzhenji(account.vendorCorpId, account.vendorCorp);
  // Without a WeCom corpid there is no employee directory to look in; a masked mobile joins nothing.
  if (!corp.mapped || !account.mobileKey) return null;
  return employeeByMobile(loaders, corp, account.mobileKey);
}

export async function findAccount(loaders: Loaders, id: number): Promise<WeComAccount | null> {
  return (await loaders.accounts()).byId.get(id) ?? null;
}
