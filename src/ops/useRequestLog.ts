// One log line and one metric per executed operation: what an operator needs to see load and
// failures, and whose load it is (the metric's `client`). The line names the request id (the
// scope's logger) and never the variables (they can hold customer data).
import { getOperationAST } from "graphql";
import type { Plugin } from "graphql-yoga";
import { ANONYMOUS } from "../core/CallClient.js";
import type { ScopedContext } from "../core/RequestScope.js";
import type { Clock } from "../core/Clock.js";
import type { Logger } from "../core/Logger.js";
import type { Metrics, OperationOutcome } from "./Metrics.js";

export function useRequestLog(logger: Logger, clock: Clock, metrics: Metrics): Plugin {
  return {
    onExecute({ args }) {
      const scope = (args.contextValue as Partial<ScopedContext>).scope;
      if (scope) scope.executed = true;
      const log = scope?.log ?? logger;
      const started = clock.now();
      const operation = getOperationAST(args.document, args.operationName);
      // The document's name, not the request's operationName: that one is any string a client sends.
      const name = operation?.name?.value ?? null;
      const type = operation?.operation ?? "query";
      return {
        onExecuteDone({ result }) {
          const plain = "errors" in result || "data" in result ? (result as { errors?: unknown[]; data?: unknown }) : {};
          const errors = Array.isArray(plain.errors) ? plain.errors.length : 0;
          const outcome: OperationOutcome = errors === 0 ? "ok" : plain.data ? "partial" : "error";
          const ms = clock.now() - started;
          metrics.operation({ name, type, outcome, seconds: ms / 1000, client: scope?.call.client?.name ?? ANONYMOUS });
          log.info({ operation: name, ms, errors }, "graphql operation");
        },
      };
    },
  };
}
