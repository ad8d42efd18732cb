import DataLoader from "dataloader";
import type { CustomerPage } from "../domain/types.js";
import { mapLimit } from "./mapLimit.js";
import type { CustomerSearch, CustomerSource } from "../vendors/Sources.js";
import { stableKey } from "../core/stableKey.js";

export interface CustomerPageKey {
  uniacid: number;
  page: number;
  search: CustomerSearch;
}

export type CustomerPageLoader = DataLoader<CustomerPageKey, CustomerPage, string>;

/** One yunzhong page per distinct (uniacid, search, page) per request, whoever asks for it. */
export function createCustomerPageLoader(source: CustomerSource, concurrency = 6): CustomerPageLoader {
  return new DataLoader<CustomerPageKey, CustomerPage, string>(
    async (keys) =>
      mapLimit(keys, concurrency, async (key) => {
        try {
          return await source.listCustomersPage({ uniacid: key.uniacid, page: key.page, search: key.search });
        } catch (error) {
          return error instanceof Error ? error : new Error(String(error));
        }
      }),
    { cacheKeyFn: stableKey },
  );
}
