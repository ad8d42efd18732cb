// One request never makes more than `limits.maxUpstreamCallsPerRequest` vendor calls, whatever its
// shape: the cost estimate bounds what a query asks for, this bounds what it does (a crafted
// node(id) or a walk that finds nothing cannot be estimated from the document).
import type { CallBudget } from "../core/CallOptions.js";
import type { ExchangeWrapper } from "../vendors/http/transport.js";
import { tooManyCalls } from "./tooComplex.js";

export class RequestCallBudget implements CallBudget {
  private spent = 0;

  constructor(readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw new TypeError(`call budget must be a positive integer, got ${String(limit)}`);
  }

  /** Calls made so far (refused ones not counted). */
  get used(): number {
    return this.spent;
  }

  spend(): void {
    if (this.spent >= this.limit) throw tooManyCalls(this.limit);
    this.spent++;
  }
}

/**
 * Charges the request's budget before each exchange (retries included: each attempt is one call
 * the vendor sees). The outermost wrapper: a call refused here is never sent, counted or queued.
 */
export const spendBudget: ExchangeWrapper = async (info, run) => {
  info.call.budget?.spend(info.vendor, info.endpoint);
  return run();
};
