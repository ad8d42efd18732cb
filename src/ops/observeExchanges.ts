// Reports every vendor call (one exchange: the HTTP request and the vendor's envelope) to the
// Observer, with its outcome: "ok", the error code it ended with (so an errcode 407 inside an HTTP
// 200 counts as UPSTREAM_RATE_LIMITED), or CANCELLED when the request it served went away. Each
// exchange is charged to its call's client (README, Sharing the vendors' quotas); a call that
// carries none is charged to `anonymous`, the client of a request nobody named.
import { GraphError } from "../errors/GraphError.js";
import type { ExchangeWrapper } from "../vendors/http/transport.js";
import { UpstreamError } from "../vendors/http/UpstreamError.js";
import type { Observer } from "../core/Observer.js";
import { ANONYMOUS } from "../core/CallClient.js";

export function observeExchanges(observer: Observer): ExchangeWrapper {
  return async (info, run) => {
    const started = performance.now();
    // Read as the exchange starts: a shared call's waiters may come and go while it runs.
    const client = info.call.client?.name ?? ANONYMOUS;
    const report = (outcome: string) => observer.upstream?.({ vendor: info.vendor, endpoint: info.endpoint, outcome, seconds: (performance.now() - started) / 1000, client });
    try {
      const result = await run();
      report("ok");
      return result;
    } catch (error) {
      report(outcomeOf(error, info.call.signal));
      throw error;
    }
  };
}

function outcomeOf(error: unknown, signal: AbortSignal | undefined): string {
  if (signal?.aborted) return "CANCELLED";
  if (error instanceof UpstreamError || error instanceof GraphError) return error.code;
  return "INTERNAL";
}
