import DataLoader from "dataloader";
import type { Page, WeComAccount } from "../domain/types.js";
import type { AccountSource } from "../vendors/Sources.js";
import { stableKey } from "../core/stableKey.js";

export interface AccountPageKey {
  online?: boolean;
  page: number;
  pageSize: number;
}

export type AccountPageLoader = DataLoader<AccountPageKey, Page<WeComAccount>, string>;

export function createAccountPageLoader(source: AccountSource): AccountPageLoader {
  return new DataLoader<AccountPageKey, Page<WeComAccount>, string>(
    async (keys) =>
      Promise.all(
        keys.map((key) =>
          source
            .listAccountsPage({ ...(key.online === undefined ? {} : { online: key.online }), page: key.page, pageSize: key.pageSize })
            .catch((error: unknown) => (error instanceof Error ? error : new Error(String(error)))),
        ),
      ),
    { cacheKeyFn: stableKey },
  );
}
