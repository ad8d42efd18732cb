// Graceful shutdown. On SIGTERM/SIGINT: /readyz answers 503 at once, the listening socket closes
// (no new connections), idle keep-alive connections close, requests in flight finish (their
// responses say `Connection: close`) for up to `shutdownGraceMs`, then whatever is left is cut and
// the process exits 0. A supervisor signalling the whole process group and npm forwarding the same
// signal both reach us: the second signal changes nothing.
import type { IncomingMessage, RequestListener, Server, ServerResponse } from "node:http";
import type { Logger } from "../core/Logger.js";

export class Lifecycle {
  private draining = false;
  private inFlight = 0;
  private readonly idleWaiters = new Set<() => void>();
  private readonly onDrainHooks: (() => void)[] = [];

  get shuttingDown(): boolean {
    return this.draining;
  }

  get requestsInFlight(): number {
    return this.inFlight;
  }

  /** The node:http handler, counting requests until their response is done or their socket is gone. */
  track(handler: RequestListener): RequestListener {
    return (req: IncomingMessage, res: ServerResponse) => {
      this.inFlight++;
      res.once("close", () => {
        this.inFlight--;
        if (this.inFlight === 0) for (const wake of this.idleWaiters) wake();
      });
      // A keep-alive client would send its next request to a server about to go: send it elsewhere.
      if (this.draining) res.setHeader("connection", "close");
      handler(req, res);
    };
  }

  /**
   * Called once when shutdown starts: what never finishes by itself (a subscription's stream) ends
   * there, so it does not hold the drain for the whole grace period; its client reconnects elsewhere.
   */
  onDrain(hook: () => void): void {
    this.onDrainHooks.push(hook);
  }

  /** Marks the process as shutting down (readiness 503) without touching the server. */
  beginShutdown(): void {
    if (this.draining) return;
    this.draining = true;
    for (const hook of this.onDrainHooks) hook();
  }

  /** Drains `server` for up to graceMs; resolves once it is closed, with the requests that had to be cut. */
  async drain(server: Server, graceMs: number, logger: Logger): Promise<{ cut: number }> {
    this.beginShutdown();
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    if (this.inFlight > 0) logger.info({ inFlight: this.inFlight, graceMs }, "draining requests in flight");
    await this.idle(graceMs);
    const cut = this.inFlight;
    if (cut > 0) logger.warn({ cut, graceMs }, "shutdown grace over: cutting the requests still in flight");
    server.closeAllConnections();
    await closed;
    return { cut };
  }

  private idle(timeoutMs: number): Promise<void> {
    if (this.inFlight === 0) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.idleWaiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      this.idleWaiters.add(done);
    });
  }
}

/**
 * Installs the SIGTERM/SIGINT handlers of `npm start` / `node dist/server/main.js`: the first one
 * starts `shutdown`, and the process exits 0 when it is done (1 if it failed).
 */
export function exitOnSignals(shutdown: () => Promise<void>, logger: Logger): void {
  let stopping = false;
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      logger.info({ signal }, "shutting down");
      shutdown().then(
        () => process.exit(0),
        (error: unknown) => {
          logger.error({ err: error instanceof Error ? error.message : String(error) }, "shutdown failed");
          process.exit(1);
        },
      );
    });
  }
}
