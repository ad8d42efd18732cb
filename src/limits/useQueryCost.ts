// Refuses an operation whose estimated cost is over the limit once its variables are known and
// before any resolver runs (so before any vendor call). The cost cannot be a validation rule:
// validation results are cached per document, and the same document costs differently with
// different variables.
import type { Plugin } from "graphql-yoga";
import { estimateCost, TagLimitExceeded, type CostEstimate } from "./queryCost.js";
import { queryTooComplex } from "./tooComplex.js";

export interface QueryCostOptions {
  maxCost: number;
  corpCount: number;
}

export function useQueryCost(options: QueryCostOptions): Plugin {
  return {
    onExecute({ args, setResultAndStopExecution }) {
      let estimate: CostEstimate | null;
      try {
        estimate = estimateCost(args.schema, args.document, args.operationName, args.variableValues as Record<string, unknown> | undefined, {
          corpCount: options.corpCount,
          stopAbove: options.maxCost,
        });
      } catch (error) {
        if (!(error instanceof TagLimitExceeded)) throw error;
        setResultAndStopExecution({ errors: [queryTooComplex(error.message)] });
        return;
      }
      if (estimate && estimate.cost > options.maxCost) setResultAndStopExecution({ errors: [queryTooComplex(costMessage(estimate, options.maxCost))] });
    },
  };
}

/** "Query cost limit of 20000 exceeded: … Reduce `first` on corps.customers (100) or corps.customers.owner.customers (100)." */
export function costMessage(estimate: CostEstimate, maxCost: number): string {
  const cost = estimate.partial ? `more than ${estimate.cost}` : String(estimate.cost);
  const head = `Query cost limit of ${maxCost} exceeded: this query may cost ${cost} (objects it can return plus vendor list pages it reads).`;
  const sites = estimate.sites.filter((s) => s.first > 0).slice(0, 3);
  if (sites.length === 0) return `${head} Select fewer nested lists or fewer aliased copies of them.`;
  const named = sites.map((s) => `${s.path} (${s.first}${s.tags > 1 ? `, ${s.tags} tagIds` : ""})`);
  const list = named.length === 1 ? named[0] : `${named.slice(0, -1).join(", ")} or ${named[named.length - 1]}`;
  return `${head} Reduce \`first\` on ${list}, or select fewer nested lists.`;
}
