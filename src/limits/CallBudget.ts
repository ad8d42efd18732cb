// One request never makes more than `limits.maxUpstreamCallsPerRequest` vendor calls, whatever its
// shape: the cost estimate bounds what a query asks for, this bounds what it does (a crafted
// node(id) or a walk that finds nothing cannot be estimated from the document). Spent once per
// exchange before it is sent, the budget is also where a request's calls are counted per vendor
// when it asks for its cost (useCostReport.ts): a call shared by several requests is charged to
// one of them (src/cache/SharedCall.ts), so each call is counted once.
import type { Vendor } from "../errors/codes.js";
import type { CallBudget } from "../core/CallOptions.js";
import type { ExchangeWrapper } from "../vendors/http/transport.js";
import { tooManyCalls } from "./tooComplex.js";

export class RequestCallBudget implements CallBudget {
  private spent = 0;
  /** Calls per vendor, kept only once `countByVendor()` asked for them (most requests never do). */
  private byVendor: Partial<Record<Vendor, number>> | null = null;

  constructor(readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw new TypeError(`call budget must be a positive integer, got ${String(limit)}`);
  }

  /** Calls made so far (refused ones not counted). */
  get used(): number {
    return this.spent;
  }

  spend(vendor?: Vendor): void {
    if (this.spent >= this.limit) throw tooManyCalls(this.limit);
    this.count(vendor);
  }

  charge(vendor?: Vendor): void {
    this.count(vendor);
  }

  /** From now on, keep the calls per vendor (before the request makes any). */
  countByVendor(): void {
    this.byVendor ??= {};
  }

  /** Calls per vendor since `countByVendor()`; every vendor named, 0 for those not called. */
  vendorCalls(vendors: readonly Vendor[]): Record<string, number> {
    const calls: Record<string, number> = {};
    for (const vendor of vendors) calls[vendor] = this.byVendor?.[vendor] ?? 0;
    return calls;
  }

  private count(vendor: Vendor | undefined): void {
    this.spent++;
    if (this.byVendor && vendor) this.byVendor[vendor] = (this.byVendor[vendor] ?? 0) + 1;
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
