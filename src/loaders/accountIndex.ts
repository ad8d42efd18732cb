import type { WeComAccount } from "../domain/types.js";
import type { AccountSource } from "../vendors/Sources.js";
import { walkPages } from "./walkPages.js";

/** Every yunzhenji account, walked once per request, indexed for the joins. */
export interface AccountIndex {
  all: WeComAccount[];
  byId: Map<number, WeComAccount>;
  /** By yunzhenji corp id, then normalised mobile (a masked mobile has no key and joins nothing). */
  byCorpMobile: Map<string, WeComAccount[]>;
  byCorp: Map<number, WeComAccount[]>;
}

export function accountMobileKey(vendorCorpId: number, mobileKey: string): string {
  return `${vendorCorpId}|${mobileKey}`;
}

export async function loadAccountIndex(source: AccountSource): Promise<AccountIndex> {
  const index: AccountIndex = { all: [], byId: new Map(), byCorpMobile: new Map(), byCorp: new Map() };
  for (const account of await walkPages((page) => source.listAccountsPage({ page, pageSize: 100 }))) {
    // A vendor that repeats a row across pages (its list shifted while we walked) must not double it.
    if (index.byId.has(account.id)) continue;
    index.all.push(account);
    index.byId.set(account.id, account);
    push(index.byCorp, account.vendorCorpId, account);
    if (account.mobileKey) push(index.byCorpMobile, accountMobileKey(account.vendorCorpId, account.mobileKey), account);
  }
  return index;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
