// accountStatusChanged: yunzhenji's whole account list, compared with the previous walk. The vendor
// can neither filter by corp nor say what changed (docs/vendors/yunzhenji.md, Endpoints), so one
// walk serves every corp: the poller is global and each subscriber keeps its own corp's events.
// Cost per poll: ceil(accounts / 100) list calls, however many corps and clients are watching.
import type { WeComAccount } from "../domain/types.js";
import type { AccountSource } from "../vendors/Sources.js";
import { walkPages } from "../loaders/walkPages.js";
import type { CallOptions } from "../core/CallOptions.js";
import type { Watch } from "./Watch.js";

const PAGE_SIZE = 100;
// A poller is background work: it leaves most of the vendor's quota to requests.
export const POLL_WALK_CONCURRENCY = 2;

export function watchAccounts(source: AccountSource): Watch<WeComAccount> {
  // Last known online state by account id. An account missing from one walk keeps its state (a
  // row that shifted pages mid-walk must not come back as "new"), so the map never shrinks.
  const online = new Map<number, boolean>();
  const walk = (call: CallOptions) => walkPages((page) => source.listAccountsPage({ page, pageSize: PAGE_SIZE }, call), POLL_WALK_CONCURRENCY);
  return {
    async baseline(call) {
      for (const account of await walk(call)) online.set(account.id, account.online);
    },
    async poll(call) {
      const accounts = await walk(call);
      const changed: WeComAccount[] = [];
      const seen = new Set<number>();
      for (const account of accounts) {
        if (seen.has(account.id)) continue;
        seen.add(account.id);
        const before = online.get(account.id);
        // Decision: an account that first appears online has come online (a new login on a new
        // phone); one that first appears offline has changed nothing a client could see.
        if (before === undefined ? account.online : before !== account.online) changed.push(account);
      }
      // Only once the whole walk succeeded: a failed poll leaves the state for the next one.
      for (const account of accounts) online.set(account.id, account.online);
      return changed;
    },
  };
}
