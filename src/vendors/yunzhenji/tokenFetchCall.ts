// The call options of a token fetch: the client and the budget of the call that needed the token,
// nothing that could cut the fetch short. Every exchange is charged to exactly one client (README,
// Sharing the vendors' quotas), the token's to whoever found none; its budget counts the fetch
// but never refuses it, since the token serves everyone waiting for it.
import { NO_CALL_OPTIONS, type CallBudget, type CallOptions } from "../../core/CallOptions.js";

export function tokenFetchCall(call: CallOptions | undefined): CallOptions {
  if (!call || (!call.client && !call.budget)) return NO_CALL_OPTIONS;
  const { client, budget, logger } = call;
  return {
    ...(client ? { client } : {}),
    ...(budget ? { budget: chargeOnly(budget) } : {}),
    ...(logger ? { logger } : {}),
  };
}

function chargeOnly(budget: CallBudget): CallBudget {
  return {
    spend(vendor, endpoint) {
      if (budget.charge) return budget.charge(vendor, endpoint);
      try {
        budget.spend(vendor, endpoint);
      } catch {
        // A budget that can only refuse (a shared call's, its waiters all spent): the fetch goes
        // ahead uncounted rather than fail the calls of every request waiting for the token.
      }
    },
  };
}
