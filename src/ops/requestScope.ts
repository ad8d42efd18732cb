// What one HTTP request carries from arrival to response: its id (x-request-id), a logger whose
// lines name it, and the call options every vendor call it makes gets (a deadline, a signal that
// aborts when the client goes away or the deadline backstop fires, a call budget). Keyed by the
// Fetch Request, so the hooks that see only the request (onRequest, onResponse) and the GraphQL
// context find the same scope.
import { randomUUID } from "node:crypto";
import { setMaxListeners } from "node:events";
import type { CallBudget } from "../core/CallOptions.js";
import type { RequestScope } from "../core/RequestScope.js";
import type { Clock } from "../core/Clock.js";
import type { Logger } from "../core/Logger.js";

/** An id a client or proxy sends is kept when it looks like one (UUIDs, ULIDs, trace ids); anything else is replaced. */
const SANE_ID = /^[A-Za-z0-9][A-Za-z0-9._:/+=-]{0,127}$/;

export interface ScopeOptions {
  logger: Logger;
  clock: Clock;
  requestTimeoutMs: number;
  /** A fresh call budget per request (src/limits/CallBudget.ts: the composition root picks it). */
  budget: () => CallBudget;
}

/**
 * The request's logger: every line names its request id. Not a pino child: one is made per
 * request, and a child costs more than the one or two lines a request writes; a line below the
 * logger's level costs nothing at all.
 */
export class RequestLogger implements Logger {
  constructor(
    private readonly parent: Logger,
    readonly requestId: string,
  ) {}

  private enabled(level: string): boolean {
    return (this.parent as { isLevelEnabled?: (level: string) => boolean }).isLevelEnabled?.(level) ?? true;
  }

  debug(obj: object, msg?: string): void {
    if (this.enabled("debug")) this.parent.debug({ requestId: this.requestId, ...obj }, msg);
  }

  info(obj: object, msg?: string): void {
    if (this.enabled("info")) this.parent.info({ requestId: this.requestId, ...obj }, msg);
  }

  warn(obj: object, msg?: string): void {
    this.parent.warn({ requestId: this.requestId, ...obj }, msg);
  }

  error(obj: object, msg?: string): void {
    this.parent.error({ requestId: this.requestId, ...obj }, msg);
  }
}

export class RequestScopes {
  private readonly scopes = new WeakMap<Request, RequestScope>();

  constructor(private readonly options: ScopeOptions) {}

  /** The request's scope, made on first sight (the hook order of other plugins does not matter). */
  of(request: Request): RequestScope {
    let scope = this.scopes.get(request);
    if (!scope) {
      scope = this.create(request);
      this.scopes.set(request, scope);
    }
    return scope;
  }

  /** Called once the response is on its way: the client's leaving no longer means anything. */
  release(request: Request): void {
    const scope = this.scopes.get(request);
    if (scope) (scope as { detach?: () => void }).detach?.();
  }

  private create(request: Request): RequestScope {
    const given = request.headers.get("x-request-id");
    const id = given !== null && SANE_ID.test(given) ? given : randomUUID();
    const startedAt = this.options.clock.now();
    const log = new RequestLogger(this.options.logger, id);
    const controller = new AbortController();
    // Every vendor call of the request in flight listens to it (a page walk runs several at once).
    setMaxListeners(0, controller.signal);
    // The client went away (whatwg-node aborts the request's signal when the socket closes first).
    const onClientGone = () => controller.abort(new Error("the client closed the connection"));
    if (request.signal.aborted) onClientGone();
    else request.signal.addEventListener("abort", onClientGone, { once: true });
    const scope: RequestScope & { detach: () => void } = {
      id,
      startedAt,
      log,
      call: {
        signal: controller.signal,
        deadline: startedAt + this.options.requestTimeoutMs,
        budget: this.options.budget(),
        logger: log,
      },
      abort: (reason) => {
        if (!controller.signal.aborted) controller.abort(new Error(reason));
      },
      executed: false,
      rejected: null,
      detach: () => request.signal.removeEventListener("abort", onClientGone),
    };
    return scope;
  }
}
