// The quota governor: an exchange wrapper (src/vendors/http/transport.ts) on every vendor client
// that keeps the graph one polite client of each vendor, however many replicas serve it.
// - `concurrency`: at most N calls in flight per vendor from this replica (Semaphore.ts).
// - `quota.perMinute`: never more than that many calls in any sliding window of a minute, across
//   the replicas sharing a backend (MemoryQuotaBackend.ts, src/redis/RedisQuotaBackend.ts).
// - a vendor's own "rate limited" answer pauses every call to it, everywhere (vendorPauseMs.ts).
// - shares (README, Sharing the vendors' quotas): a batch client's call (`call.client`, read at
//   each turn, since a call shared by several requests takes its most urgent waiter's priority)
//   also fits within the batch cap and its client's own share of each window; the rest of a
//   window is kept for interactive calls, which may use all of it and never wait behind a batch call.
// A call waits for budget only while the wait fits its request's deadline; otherwise it fails at
// once with UPSTREAM_RATE_LIMITED and `retryAfterSeconds`, and the retry loop outside treats that
// as final. Each attempt of a call is its own exchange, so retries are counted and paced too.
import type { ErrorCode, Vendor } from "../errors/codes.js";
import { NO_OBSERVER, type Observer } from "../core/Observer.js";
import { silentLogger, type Logger } from "../core/Logger.js";
import { type Clock } from "../core/Clock.js";
import type { ExchangeInfo, ExchangeWrapper } from "../vendors/http/transport.js";
import { UpstreamError } from "../vendors/http/UpstreamError.js";
import { ANONYMOUS, type CallClient } from "../core/CallClient.js";
import type { CallOptions } from "../core/CallOptions.js";
import type { BatchTake, LimitedBy, QuotaBackend, TakeResult } from "./QuotaBackend.js";
import type { VendorQuota } from "./quotaLimits.js";
import { Semaphore } from "./Semaphore.js";
import { DEFAULT_PAUSE_MS, vendorPauseMs } from "./vendorPauseMs.js";

/**
 * What tests (and only they, usually) change: shorter windows and pauses make a minute fit a test.
 * None of it is a config-file key, so its defaults and its one check are in the constructor, not
 * in a schema: tests, benches and createQuotaGovernor pass it straight in.
 */
export interface QuotaTuning {
  /** Length of the sliding window `perMinute` counts in (default 60 000). */
  windowMs?: number;
  /**
   * How long a call without a deadline may wait for budget (default 10 000, the default request
   * timeout): the yunzhenji token fetch has none, and neither has a request before limits are set.
   */
  maxWaitMs?: number;
  /** Pauses after a vendor's rate-limit answer without Retry-After, per vendor (default DEFAULT_PAUSE_MS). */
  pauseMs?: Partial<Record<Vendor, number>>;
  /**
   * The first caller in line looks at the shared window at least this often (default 1000): calls
   * of other replicas end unseen, and the end of a call still in flight frees its slot early.
   */
  pollMs?: number;
}

export interface QuotaGovernorOptions extends QuotaTuning {
  vendors: Partial<Record<Vendor, VendorQuota>>;
  /**
   * The largest `maxShare` among batch clients (src/clients' batchCap, handed in by the server):
   * batch calls together never take more of a window, and once less than the rest is left, only
   * interactive calls take it. 0 (the default): no batch client is configured.
   */
  batchCap?: number;
  backend: QuotaBackend;
  clock: Clock;
  logger?: Logger;
  observer?: Observer;
}

/** Room for the vendor's answer to be judged after its timeout-bounded HTTP exchange. */
const HOLD_MARGIN_MS = 1000;

interface Waiter {
  /** Refused at least once and still in line: a caller keeps a slot free for each such caller ahead of it. */
  sleeping: boolean;
  wake(): void;
  /** Whose call it is: its priority is read when it counts (a shared call's can rise while it waits). */
  call: CallOptions;
  /** Why it was last refused: a batch call over its own share holds no slot of anyone else's. */
  limitedBy: LimitedBy | "pause";
}

/** One vendor's limits and this replica's line of callers waiting for them. */
interface Gate {
  vendor: Vendor;
  quota: VendorQuota;
  slots: Semaphore | null;
  line: Waiter[];
  /** The end of the last pause this replica logged, so a burst of refusals logs one line. */
  loggedPauseUntil: number;
  /** The last question to the backend; the next waits for it (see `ask`). */
  asking: Promise<void>;
}

/** What a call admitted at the last moment still needs for its exchange. */
export const SEND_MARGIN_MS = 250;

export class QuotaGovernor {
  private readonly gates = new Map<Vendor, Gate>();
  private readonly backend: QuotaBackend;
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly observer: Observer;
  private readonly windowMs: number;
  private readonly maxWaitMs: number;
  private readonly pollMs: number;
  private readonly pauses: Readonly<Record<Vendor, number>>;
  private readonly batchCap: number;

  constructor(options: QuotaGovernorOptions) {
    this.backend = options.backend;
    this.clock = options.clock;
    this.logger = options.logger ?? silentLogger;
    this.observer = options.observer ?? NO_OBSERVER;
    this.windowMs = checkMs("windowMs", options.windowMs ?? 60_000);
    this.maxWaitMs = checkMs("maxWaitMs", options.maxWaitMs ?? 10_000, 0);
    this.pollMs = checkMs("pollMs", options.pollMs ?? 1000);
    for (const [vendor, ms] of Object.entries(options.pauseMs ?? {})) checkMs(`pauseMs.${vendor}`, ms);
    this.pauses = { ...DEFAULT_PAUSE_MS, ...options.pauseMs };
    const cap = options.batchCap ?? 0;
    if (typeof cap !== "number" || !(cap >= 0 && cap <= 1)) throw new TypeError(`quota: batchCap must be a share in [0, 1], got ${JSON.stringify(cap)}`);
    this.batchCap = cap;
    for (const [vendor, quota] of Object.entries(options.vendors) as [Vendor, VendorQuota][]) {
      this.gates.set(vendor, {
        vendor,
        quota,
        slots: quota.concurrency === null ? null : new Semaphore(quota.concurrency, this.clock),
        line: [],
        loggedPauseUntil: 0,
        asking: Promise.resolve(),
      });
      // The gauge exists from the first scrape for every vendor with a window to fill.
      if (quota.perMinute !== null) this.observer.quotaWindow?.({ vendor, usedRatio: 0 });
    }
  }

  /** The wrapper to give every vendor client (innermost of the wrappers: it paces the real call). */
  readonly wrap: ExchangeWrapper = <T>(info: ExchangeInfo, run: () => Promise<T>): Promise<T> => {
    const gate = this.gates.get(info.vendor);
    if (!gate) return run();
    // A cancelled or expired request sends nothing: the transport refuses it with its own message.
    if (info.call.signal?.aborted || (info.call.deadline !== undefined && info.call.deadline <= this.clock.now())) return run();
    // A vendor with neither quota nor concurrency limit, not paused (as far as this process can
    // tell without asking Redis), has nothing to wait for: only its answer is watched. Most
    // calls take this path (only yunzhenji has a quota by default), so it allocates nothing more.
    if (gate.quota.perMinute === null && gate.slots === null && this.backend.pausedNow?.(gate.vendor) === false) {
      return run().catch((error: unknown) => this.afterRefusal(gate, error));
    }
    return this.govern(gate, info, run);
  };

  /** Rethrows a failed call's error; a vendor's "slow down" first pauses that vendor for every replica. */
  private async afterRefusal(gate: Gate, error: unknown): Promise<never> {
    if (error instanceof UpstreamError && error.code === "UPSTREAM_RATE_LIMITED") await this.vendorSaidStop(gate, error);
    throw error;
  }

  private async govern<T>(gate: Gate, info: ExchangeInfo, run: () => Promise<T>): Promise<T> {
    const started = this.clock.now();
    // A call let through with a few milliseconds left would spend the vendor's quota on an answer
    // the deadline throws away: the wait ends early enough to leave the exchange time to finish.
    const until = info.call.deadline === undefined ? started + this.maxWaitMs : info.call.deadline - SEND_MARGIN_MS;
    let done: ((answered: boolean) => void) | null = null;
    const slot = { held: false };
    let answered = false;
    // Asking Redis takes time too; only a call that was made to wait counts as a quota wait.
    const held = { waited: false };
    try {
      try {
        if (gate.slots) await this.enter(gate, info, until, held, slot);
        done = await this.admit(gate, info, until, held, slot);
      } finally {
        if (held.waited) this.observer.quotaWait?.({ vendor: gate.vendor, client: info.call.client?.name ?? ANONYMOUS, waitedMs: this.clock.now() - started });
      }
      try {
        const result = await run();
        answered = true;
        return result;
      } catch (error) {
        // An error with an HTTP status came back from the vendor; a timeout, a cancellation or a
        // broken connection may still have reached it, at a moment we cannot know.
        answered = error instanceof UpstreamError && error.status !== null;
        return await this.afterRefusal(gate, error);
      }
    } finally {
      done?.(answered);
      if (slot.held) gate.slots?.release();
    }
  }

  /**
   * A slot among the `concurrency` calls in flight, waited for until the deadline; interactive
   * calls are handed a freed slot before batch calls.
   */
  private async enter(gate: Gate, info: ExchangeInfo, until: number, held: { waited: boolean }, slot: { held: boolean }): Promise<void> {
    const slots = gate.slots as Semaphore;
    const entry = await slots.enter(until, info.call.signal, () => (held.waited = true), () => urgent(info.call));
    if (entry === "entered") {
      slot.held = true;
      return;
    }
    if (entry === "cancelled") throw cancelled(info);
    throw refused(info, 1000, `all ${slots.max} calls to ${info.vendor} this replica may have in flight stayed busy until this request's deadline`);
  }

  /**
   * Waits in this replica's line until the backend counts the call (or fails at once when the wait
   * would outlast `until`). Resolves to the call's `done`, which also wakes the first in line: a
   * call ending frees its slot a window later, which may be sooner than the line was told.
   */
  private async admit(gate: Gate, info: ExchangeInfo, until: number, held: { waited: boolean }, slot: { held: boolean }): Promise<(answered: boolean) => void> {
    const me: Waiter = { sleeping: false, wake: () => {}, call: info.call, limitedBy: "quota" };
    gate.line.push(me);
    try {
      for (;;) {
        if (info.call.signal?.aborted) throw cancelled(info);
        // A batch call gives its concurrency slot back while it sleeps (below): it takes one again first.
        if (gate.slots && !slot.held) await this.enter(gate, info, until, held, slot);
        const { taken, first, terms } = await this.ask(gate, me);
        if (taken.ok) {
          return (answered: boolean) => {
            // Only an answer proves when the vendor counted the call; without one, its entry keeps
            // counting to the latest moment the call could have arrived.
            if (answered) taken.done();
            firstWaiting(gate.line)?.wake();
          };
        }
        if (this.clock.now() + taken.waitMs > until) throw refused(info, taken.waitMs, refusal(gate, taken, terms));
        held.waited = true;
        const batch = !urgent(info.call);
        // A batch call waiting for the window must not keep an interactive call from the vendor.
        if (batch && slot.held) {
          slot.held = false;
          gate.slots?.release();
        }
        const stop = new AbortController();
        me.wake = () => stop.abort();
        const cancel = () => stop.abort();
        info.call.signal?.addEventListener("abort", cancel, { once: true });
        try {
          const sleepMs = first ? Math.min(taken.waitMs, this.pollMs) : taken.waitMs;
          if (!batch) await this.clock.sleep(sleepMs, stop.signal);
          else await this.sleepBatch(info.call, this.clock.now() + sleepMs, stop.signal);
        } finally {
          info.call.signal?.removeEventListener("abort", cancel);
          me.wake = () => {};
        }
      }
    } finally {
      const at = gate.line.indexOf(me);
      if (at >= 0) {
        const wasFirst = firstWaiting(gate.line) === me;
        gate.line.splice(at, 1);
        // The one who is now first looks again at once instead of sleeping out its estimate.
        if (wasFirst) firstWaiting(gate.line)?.wake();
      }
    }
  }

  /**
   * A batch call's sleep, looked up from at least every `pollMs`: when an interactive request joins
   * the call (a shared call, src/cache/SharedCall.ts) it is interactive from then on and asks again.
   */
  private async sleepBatch(call: CallOptions, wakeAt: number, signal: AbortSignal): Promise<void> {
    while (!signal.aborted && urgent(call) === false) {
      const left = wakeAt - this.clock.now();
      if (left <= 0) return;
      await this.clock.sleep(Math.min(left, this.pollMs), signal);
    }
  }

  /**
   * One question to the backend. For a vendor with a quota, this replica asks one at a time, so
   * each caller's place is exact when it asks: everyone ahead has had their answer, and was either
   * counted (and left the line) or refused (and waits, keeping a slot for itself). Interactive
   * callers count only the interactive callers ahead of them; a batch caller counts every waiting
   * interactive caller as ahead of it.
   */
  private ask(gate: Gate, me: Waiter): Promise<{ taken: TakeResult; first: boolean; terms: BatchTerms | null }> {
    const once = async () => {
      const perMinute = gate.quota.perMinute;
      const terms = this.batchTerms(perMinute, me.call.client);
      const { position, clientPosition } = perMinute === null ? { position: 0, clientPosition: 0 } : placeOf(gate.line, me, terms?.client ?? null);
      const taken = await this.backend.take(gate.vendor, {
        limit: perMinute,
        windowMs: this.windowMs,
        holdMs: gate.quota.timeoutMs + HOLD_MARGIN_MS,
        position,
        ...(terms ? { batch: { ...terms, clientPosition } } : {}),
      });
      if (perMinute !== null && taken.used !== undefined) this.observer.quotaWindow?.({ vendor: gate.vendor, usedRatio: Math.min(1, taken.used / perMinute) });
      if (taken.ok) {
        gate.line.splice(gate.line.indexOf(me), 1);
        // Budget was there for us, so maybe for the next one too: it asks now rather than sleep
        // out an estimate made while calls were still in flight (which counts them to their latest end).
        firstWaiting(gate.line)?.wake();
      } else {
        me.sleeping = true;
        me.limitedBy = taken.paused ? "pause" : (taken.limitedBy ?? "quota");
      }
      return { taken, first: position === 0 && clientPosition === 0, terms };
    };
    if (gate.quota.perMinute === null) return once();
    const turn = gate.asking.then(once);
    gate.asking = turn.then(
      () => {},
      () => {},
    );
    return turn;
  }

  /** A batch client's share and the batch cap, in whole calls of this vendor's window; null for an interactive call. */
  private batchTerms(perMinute: number | null, client: CallClient | undefined): BatchTerms | null {
    if (perMinute === null || client?.priority !== "batch") return null;
    const share = client.maxShare ?? this.batchCap;
    if (!(share > 0)) return null;
    return { client: client.name, cap: wholeCalls(Math.max(this.batchCap, share) * perMinute), share: wholeCalls(share * perMinute) };
  }

  /** The vendor refused us for our rate: everyone leaves it alone for its Retry-After, or a default pause. */
  private async vendorSaidStop(gate: Gate, error: UpstreamError): Promise<void> {
    const pauseMs = vendorPauseMs(error, this.pauses);
    if (error.retryAfterSeconds === null) error.retryAfterSeconds = Math.ceil(pauseMs / 1000);
    const leftMs = await this.backend.pause(gate.vendor, pauseMs);
    const now = this.clock.now();
    if (now + leftMs > gate.loggedPauseUntil + 1000) {
      gate.loggedPauseUntil = now + leftMs;
      this.logger.warn(
        { vendor: gate.vendor, endpoint: error.endpoint, code: error.code, vendorCode: error.vendorCode, status: error.status, pauseMs: leftMs },
        `${gate.vendor} says we are rate limited; no calls to it for ${Math.ceil(leftMs / 1000)} s`,
      );
    }
  }
}

type BatchTerms = Omit<BatchTake, "clientPosition">;

/** No client is an interactive one (README, Sharing the vendors' quotas). */
function urgent(call: CallOptions): boolean {
  return call.client?.priority !== "batch";
}

/** A share of the window in whole calls (0.29 × 100 is 28.999… in floating point, and means 29). */
function wholeCalls(calls: number): number {
  return Math.floor(calls + 1e-9);
}

/**
 * The waiting callers `me` leaves a slot for: an interactive caller, the interactive ones ahead of
 * it (never a batch one); a batch caller, every interactive one wherever it stands and the batch
 * ones ahead of it that wait for the window rather than for their own share, and, for its own
 * share, its client's callers ahead of it.
 */
function placeOf(line: readonly Waiter[], me: Waiter, batchClient: string | null): { position: number; clientPosition: number } {
  let position = 0;
  let clientPosition = 0;
  let ahead = true;
  for (const waiter of line) {
    if (waiter === me) {
      if (batchClient === null) break;
      ahead = false;
      continue;
    }
    if (!waiter.sleeping) continue;
    if (urgent(waiter.call)) {
      if (ahead || batchClient !== null) position++;
      continue;
    }
    if (batchClient === null || !ahead) continue;
    if (waiter.limitedBy !== "share") position++;
    if (waiter.call.client?.name === batchClient) clientPosition++;
  }
  return { position, clientPosition };
}

/** The first waiting caller to look again when budget may have freed: an interactive one if any waits. */
function firstWaiting(line: readonly Waiter[]): Waiter | undefined {
  let first: Waiter | undefined;
  for (const waiter of line) {
    if (!waiter.sleeping) continue;
    if (urgent(waiter.call)) return waiter;
    first ??= waiter;
  }
  return first;
}

/** Why a call is refused, in words that do not change from call to call (equal refusals merge). */
function refusal(gate: Gate, taken: Extract<TakeResult, { ok: false }>, terms: BatchTerms | null): string {
  const perMinute = gate.quota.perMinute;
  if (taken.paused) return `${gate.vendor} said we are rate limited and its pause outlasts this request's deadline`;
  if (terms && taken.limitedBy === "share") return `this client's share of its quota (${terms.share} of ${perMinute} calls a minute) is spent and frees too late for this request`;
  if (terms && taken.limitedBy === "reserve") {
    return `the part of its quota batch clients may use (${terms.cap} of ${perMinute} calls a minute; the rest is kept for interactive clients) is spent and frees too late for this request`;
  }
  return `its quota of ${perMinute} calls a minute is spent and frees too late for this request`;
}

function checkMs(what: string, value: unknown, min = 1): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value < min) {
    throw new TypeError(`quota: ${what} must be a number of milliseconds >= ${min}, got ${JSON.stringify(value)}`);
  }
  return value;
}

function upstream(info: ExchangeInfo, code: ErrorCode, message: string, retryAfterSeconds?: number): UpstreamError {
  return new UpstreamError({
    vendor: info.vendor,
    endpoint: info.endpoint,
    code,
    message: `${info.vendor} ${info.endpoint} was not called: ${message}`,
    ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }),
  });
}

/** Our own refusal; its message has no numbers that vary per call, so equal refusals merge into one error. */
function refused(info: ExchangeInfo, waitMs: number, why: string): UpstreamError {
  return upstream(info, "UPSTREAM_RATE_LIMITED", why, Math.max(1, Math.ceil(waitMs / 1000)));
}

/** Same words as the transport's refusal of a cancelled request. */
function cancelled(info: ExchangeInfo): UpstreamError {
  return upstream(info, "UPSTREAM_TIMEOUT", "the request was cancelled");
}
