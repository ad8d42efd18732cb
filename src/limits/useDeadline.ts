// Every operation has a deadline (`limits.requestTimeoutMs` from the request's arrival). Vendor
// calls keep it themselves: each exchange gets only the time left and no retry starts past it, so
// at the deadline the fields still waiting fail with UPSTREAM_TIMEOUT and the answer goes out. This
// is the backstop for anything else a resolver might wait on (a queue, a lock): shortly after the
// deadline the operation answers with one UPSTREAM_TIMEOUT and its vendor work is aborted.
import { GraphQLError } from "graphql";
import type { Plugin } from "graphql-yoga";
import type { ScopedContext } from "../core/RequestScope.js";
import type { Clock } from "../core/Clock.js";

/** Left to the exchanges' own timeouts before the backstop answers for them. */
export const DEADLINE_GRACE_MS = 250;

export function useDeadline(clock: Clock, timeoutMs: number): Plugin<ScopedContext> {
  return {
    onExecute({ args, executeFn, setExecuteFn }) {
      const scope = (args.contextValue as Partial<ScopedContext>).scope;
      if (!scope) return;
      setExecuteFn((execArgs) => {
        const result = executeFn(execArgs);
        // A synchronous result is done already; anything awaitable may hang.
        if (typeof (result as { then?: unknown } | null)?.then !== "function") return result;
        let timer: NodeJS.Timeout | undefined;
        const cut = new Promise<{ data: null; errors: GraphQLError[] }>((resolve) => {
          timer = setTimeout(() => {
            scope.abort("the operation's deadline passed");
            scope.log.warn({ timeoutMs }, "operation cut at its deadline");
            resolve({
              data: null,
              errors: [
                new GraphQLError(`the operation did not finish within its deadline of ${timeoutMs} ms (limits.requestTimeoutMs)`, {
                  extensions: { code: "UPSTREAM_TIMEOUT" },
                }),
              ],
            });
          }, Math.max(0, scope.call.deadline - clock.now()) + DEADLINE_GRACE_MS);
        });
        return Promise.race([Promise.resolve(result), cut]).finally(() => clearTimeout(timer));
      });
    },
  };
}
