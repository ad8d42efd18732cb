// `extensions.cost` on request (README, Sharing the vendors' quotas): a request sent with the
// header `x-wecom-graph-cost: report` learns what it cost, `estimated` in the units of the cost
// limit (queryCost.ts, the number QUERY_TOO_COMPLEX compares) and `vendorCalls`, the exchanges it
// started per vendor, retries and yunzhenji token fetches included, counted where its call budget
// is spent (CallBudget.ts). A call it joined that another request had started is charged to that
// one, and cache hits and background refreshes spend no budget: they count 0. A request without
// the header costs one header lookup and nothing more.
import type { ExecutionResult } from "graphql";
import type { Plugin } from "graphql-yoga";
import { VENDORS } from "../errors/codes.js";
import type { ScopedContext } from "../core/RequestScope.js";
import { RequestCallBudget } from "./CallBudget.js";
import { estimateCost, TagLimitExceeded } from "./queryCost.js";
import type { QueryCostOptions } from "./useQueryCost.js";

export const COST_HEADER = "x-wecom-graph-cost";

/** Listed after useQueryCost: a query that limit refuses never executes and reports nothing. */
export function useCostReport(options: QueryCostOptions): Plugin {
  return {
    onExecute({ args }) {
      const context = args.contextValue as Partial<ScopedContext> & { request?: Request };
      if (context.request?.headers.get(COST_HEADER)?.trim().toLowerCase() !== "report") return;
      const budget = context.scope?.call.budget;
      if (!(budget instanceof RequestCallBudget)) return;
      // Before execution, so before the request's first vendor call.
      budget.countByVendor();
      let estimated = 0;
      try {
        estimated =
          estimateCost(args.schema, args.document, args.operationName, args.variableValues as Record<string, unknown> | undefined, {
            corpCount: options.corpCount,
            stopAbove: options.maxCost,
          })?.cost ?? 0;
      } catch (error) {
        // Refused by useQueryCost before this ran; anything else is a bug to surface.
        if (!(error instanceof TagLimitExceeded)) throw error;
      }
      return {
        onExecuteDone({ result, setResult }) {
          if (typeof result !== "object" || result === null || Symbol.asyncIterator in result) return;
          const plain = result as ExecutionResult;
          setResult({ ...plain, extensions: { ...plain.extensions, cost: { estimated, vendorCalls: budget.vendorCalls(VENDORS) } } });
        },
      };
    },
  };
}
