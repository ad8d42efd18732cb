// Shared pollers for subscriptions: one per key (a corp and a stream), however many clients
// subscribe. The first subscriber starts it, the last one to leave stops it (timer cleared, a poll
// in flight dropped), so vendors are polled only while someone listens and never once per client.
import type { CallOptions } from "../core/CallOptions.js";
import { reservedClient } from "../core/CallClient.js";
import { showValue } from "../core/showValue.js";
import { UpstreamError } from "../vendors/http/UpstreamError.js";
import { silentLogger, type Logger } from "../core/Logger.js";
import { systemClock } from "../core/Clock.js";
import type { Watch } from "./Watch.js";

export interface PollerHubOptions {
  /** Time between the end of one poll and the start of the next (config `live.pollSeconds`). */
  intervalMs: number;
  /**
   * How long one poll may take, retries and quota waits included (each poll gets its own call
   * options; a subscription has no request deadline). Default: the interval, at least 10 s.
   */
  pollDeadlineMs?: number;
  logger?: Logger;
  clock?: { now(): number };
}

export interface Subscriber<E> {
  next(event: E): void;
  /** The hub closed (server shutting down): the subscription ends. */
  end(): void;
}

const MIN_DEADLINE_MS = 10_000;

// Checked here as well as by the config schema (liveConfig.ts): tests build hubs directly, with
// milliseconds that never pass through the config file, and pollDeadlineMs is no config key.
function checkMs(name: string, value: unknown): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value <= 0) {
    throw new TypeError(`PollerHub: ${name} must be a positive number of milliseconds, got ${showValue(value)}`);
  }
  return value;
}

export class PollerHub {
  private readonly pollers = new Map<string, Poller<unknown>>();
  private readonly intervalMs: number;
  private readonly deadlineMs: number;
  private readonly logger: Logger;
  private readonly clock: { now(): number };

  constructor(options: PollerHubOptions) {
    this.intervalMs = checkMs("intervalMs", options.intervalMs);
    this.deadlineMs = options.pollDeadlineMs === undefined ? Math.max(this.intervalMs, MIN_DEADLINE_MS) : checkMs("pollDeadlineMs", options.pollDeadlineMs);
    this.logger = options.logger ?? silentLogger;
    this.clock = options.clock ?? systemClock;
  }

  /**
   * Joins the poller of `key`, starting it (with a watch from `create`) when it is the first
   * subscriber. Returns the function that leaves; the last one to leave stops the poller.
   */
  subscribe<E>(key: string, create: () => Watch<E>, subscriber: Subscriber<E>): () => void {
    let poller = this.pollers.get(key) as Poller<E> | undefined;
    if (!poller) {
      poller = new Poller<E>(key, create(), this.intervalMs, this.deadlineMs, this.logger, this.clock, () => this.pollers.delete(key));
      this.pollers.set(key, poller as Poller<unknown>);
      poller.add(subscriber);
      poller.start();
    } else {
      poller.add(subscriber);
    }
    const joined = poller;
    let left = false;
    return () => {
      if (left) return;
      left = true;
      joined.remove(subscriber);
    };
  }

  /** The keys of the pollers running now. */
  running(): string[] {
    return [...this.pollers.keys()];
  }

  /** Stops every poller and ends every subscription (server shutdown). */
  close(): void {
    for (const poller of [...this.pollers.values()]) poller.close();
  }
}

class Poller<E> {
  private readonly subscribers = new Set<Subscriber<E>>();
  private readonly controller = new AbortController();
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private based = false;

  constructor(
    private readonly key: string,
    private readonly watch: Watch<E>,
    private readonly intervalMs: number,
    private readonly deadlineMs: number,
    private readonly logger: Logger,
    private readonly clock: { now(): number },
    private readonly onStop: () => void,
  ) {}

  add(subscriber: Subscriber<E>): void {
    this.subscribers.add(subscriber);
  }

  remove(subscriber: Subscriber<E>): void {
    this.subscribers.delete(subscriber);
    if (this.subscribers.size === 0) this.stop("its last subscriber left");
  }

  start(): void {
    this.logger.info({ poller: this.key, intervalMs: this.intervalMs }, "live poller started");
    void this.tick();
  }

  close(): void {
    const subscribers = [...this.subscribers];
    this.subscribers.clear();
    this.stop("the server is closing");
    for (const s of subscribers) s.end();
  }

  private stop(reason: string): void {
    if (this.stopped) return;
    this.stopped = true;
    clearTimeout(this.timer);
    // A poll in flight is dropped at the transport; its answer would go to nobody.
    this.controller.abort();
    this.onStop();
    this.logger.info({ poller: this.key }, `live poller stopped: ${reason}`);
  }

  private async tick(): Promise<void> {
    // Each poll is an operation of its own: its own deadline, cancelled when the poller stops, and
    // charged to the graph's own interactive client `live`, so batch clients never starve it.
    const call: CallOptions = { signal: this.controller.signal, deadline: this.clock.now() + this.deadlineMs, client: reservedClient("live") };
    try {
      if (!this.based) {
        await this.watch.baseline(call);
        this.based = true;
        this.logger.debug({ poller: this.key }, "live poller took its baseline");
      } else {
        const events = await this.watch.poll(call);
        if (this.stopped) return;
        for (const event of events) for (const s of [...this.subscribers]) s.next(event);
      }
    } catch (error) {
      if (this.stopped) return;
      // Decision: a failed poll is skipped, not sent to clients. The watch still holds the last
      // answer it trusted, so the next successful poll reports every change made meanwhile,
      // once; an error event would only tell clients to wait for that poll.
      if (error instanceof UpstreamError) {
        this.logger.warn({ poller: this.key, code: error.code, vendor: error.vendor, endpoint: error.endpoint }, `live poll failed, the next poll catches up: ${error.message}`);
      } else {
        this.logger.error({ poller: this.key, err: error instanceof Error ? { name: error.name, message: error.message, stack: error.stack } : String(error) }, "live poll failed unexpectedly");
      }
    }
    if (this.stopped) return;
    // The next poll is timed from the end of this one: a slow vendor is never polled twice at once.
    this.timer = setTimeout(() => void this.tick(), this.intervalMs);
  }
}
