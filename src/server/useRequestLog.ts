// One log line per executed operation: what an operator needs to see load and failures, and no
// variables (they can hold customer data).
import type { Plugin } from "graphql-yoga";
import type { Clock, Logger } from "../vendors/http/deps.js";

export function useRequestLog(logger: Logger, clock: Clock): Plugin {
  return {
    onExecute({ args }) {
      const started = clock.now();
      return {
        onExecuteDone({ result }) {
          const errors = "errors" in result && Array.isArray(result.errors) ? result.errors.length : 0;
          logger.info({ operation: args.operationName ?? null, ms: clock.now() - started, errors }, "graphql operation");
        },
      };
    },
  };
}
