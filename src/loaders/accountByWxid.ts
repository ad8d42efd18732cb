// WeComAccount as a federation entity is keyed by wxid: a gateway hands us many in one `_entities`
// call, and every one is answered from the one yunzhenji walk of the request.
import type { WeComAccount } from "../domain/types.js";
import type { Loaders } from "./createLoaders.js";

/**
 * A yunzhenji account by wxid, from the one list walked per request. wxids are unique in the
 * vendor's list; should it ever repeat one, the first row in its order is the entity.
 */
export async function findAccountByWxid(loaders: Loaders, wxid: string): Promise<WeComAccount | null> {
  const byWxid = await loaders.memo("accountsByWxid", async () => {
    const index = new Map<string, WeComAccount>();
    for (const account of (await loaders.accounts()).all) if (!index.has(account.wxid)) index.set(account.wxid, account);
    return index;
  });
  return byWxid.get(wxid) ?? null;
}
