// Tells the client when part of its answer is older than the cache's TTL for that vendor (served
// stale while a refresh runs, or because the vendor failed): response-level
// `extensions.stale: [{ vendor, ageSeconds }]`, one entry per vendor, its oldest data.
import type { ExecutionResult } from "graphql";
import type { Plugin } from "graphql-yoga";
import type { StaleReport } from "./StaleReport.js";

export function useStaleExtension<C extends object>(reportOf: (context: C) => StaleReport | null): Plugin<Record<string, unknown>, C> {
  return {
    onExecute({ args }) {
      const report = reportOf(args.contextValue as C);
      if (!report) return;
      return {
        onExecuteDone({ result, setResult }) {
          if (typeof result !== "object" || result === null || Symbol.asyncIterator in result) return;
          const stale = report.notices();
          if (stale.length === 0) return;
          const plain = result as ExecutionResult;
          setResult({ ...plain, extensions: { ...plain.extensions, stale } });
        },
      };
    },
  };
}
