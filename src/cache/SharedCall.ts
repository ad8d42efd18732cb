// One piece of vendor work (a call, or an index build) awaited by several requests at once. It
// must outlive any one of them, yet stop when nobody wants it any more:
// - a waiter whose client left or whose deadline passed stops waiting at once (its own error);
//   the shared work is dropped only when the last waiter has gone (reference counting);
// - its deadline is the latest of its waiters' (none while some waiter has none), read live, so a
//   retry may run on for a waiter that joined later with more time;
// - a vendor call is charged to the call budget of the first waiter whose budget still allows it,
//   and refused only when every waiter's would refuse it.
// - its client (README, Sharing the vendors' quotas) is the one whose request started it, which is
//   charged for it; its priority is its most urgent waiter's, read live, so an interactive request
//   joining a batch call that waits for the quota makes it interactive from then on.
// Background work (a refresh nobody waits for) has a waiter of its own that never leaves, with a
// deadline of its own and no budget: it belongs to no request, and is charged to the reserved
// client `warm`.
import { setMaxListeners } from "node:events";
import type { CallBudget } from "../core/CallOptions.js";
import { reservedClient, type CallClient, type Priority } from "../core/CallClient.js";
import type { Clock } from "../core/Clock.js";
import type { AnswerSink, CachedCall } from "./AnswerSink.js";

export type GiveUp = (reason: "cancelled" | "deadline") => Error;

interface Waiter {
  call: CachedCall;
}

export interface SharedCallOptions {
  /** Background work: a deadline of its own, kept whatever the requests do. */
  background?: { deadline: number };
  /** Passed on to the cache reads the work makes (index builds record their inputs). */
  sink?: AnswerSink;
  preferFresh?: boolean;
}

export class SharedCall {
  private readonly waiters = new Set<Waiter>();
  private readonly controller = new AbortController();
  private settled = false;
  private lastDeadline: number | undefined;
  /** The client of the request that started the work (the first waiter), charged for it. */
  private starter: CallClient | undefined;
  private started = false;
  /** The call options the shared work runs with. */
  readonly options: CachedCall;

  constructor(
    private readonly clock: Clock,
    options: SharedCallOptions = {},
  ) {
    // Every vendor call and cache read of the shared work listens to this one signal (an index
    // build reads hundreds of answers); they all let go when done, so no bound is meaningful.
    setMaxListeners(0, this.controller.signal);
    if (options.background) {
      this.starter = reservedClient("warm");
      this.started = true;
      this.waiters.add({ call: { deadline: options.background.deadline, client: this.starter } });
    }
    const self = this;
    const client = new SharedClient(this);
    const budget: CallBudget = { spend: (vendor, endpoint) => self.spend(vendor, endpoint) };
    this.options = {
      signal: this.controller.signal,
      get deadline() {
        return self.deadline();
      },
      budget,
      get client() {
        return self.starter && client;
      },
      sink: options.sink,
      preferFresh: options.preferFresh,
    };
  }

  /** Every waiter has gone: the work is being dropped, and nobody new may join it. */
  get abandoned(): boolean {
    return this.controller.signal.aborted;
  }

  /** Waits for `work` on behalf of one request, or gives up for that request alone. */
  wait<T>(work: Promise<T>, call: CachedCall, giveUp: GiveUp): Promise<T> {
    if (call.signal?.aborted) return Promise.reject(giveUp("cancelled"));
    if (call.deadline !== undefined && call.deadline <= this.clock.now()) return Promise.reject(giveUp("deadline"));
    const waiter: Waiter = { call };
    if (!this.started) {
      this.started = true;
      this.starter = call.client;
    }
    this.waiters.add(waiter);
    return new Promise<T>((resolve, reject) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const done = () => {
        if (timer) clearTimeout(timer);
        call.signal?.removeEventListener("abort", onAbort);
        this.waiters.delete(waiter);
      };
      const leave = (reason: "cancelled" | "deadline") => {
        done();
        if (this.waiters.size === 0 && !this.settled) this.controller.abort();
        reject(giveUp(reason));
      };
      const onAbort = () => leave("cancelled");
      call.signal?.addEventListener("abort", onAbort, { once: true });
      // A waiter's deadline may itself be live (an index build waiting for a call): re-read it when due.
      const arm = () => {
        if (call.deadline === undefined) return;
        const left = call.deadline - this.clock.now();
        if (left <= 0) return leave("deadline");
        timer = setTimeout(arm, left);
        timer.unref?.();
      };
      arm();
      work.then(
        (value) => {
          this.settled = true;
          done();
          resolve(value);
        },
        (error: unknown) => {
          this.settled = true;
          done();
          reject(error);
        },
      );
    });
  }

  private deadline(): number | undefined {
    if (this.waiters.size === 0) return this.lastDeadline;
    let latest = -Infinity;
    for (const { call } of this.waiters) {
      if (call.deadline === undefined) return (this.lastDeadline = undefined);
      latest = Math.max(latest, call.deadline);
    }
    return (this.lastDeadline = latest);
  }

  /** The most urgent priority among the waiters (one without a client is interactive); the starter's once all have gone. */
  priority(): Priority {
    if (this.waiters.size === 0) return this.starter?.priority ?? "interactive";
    for (const { call } of this.waiters) if (call.client?.priority !== "batch") return "interactive";
    return "batch";
  }

  /**
   * The share a batch call counts against: its starter's; when an interactive starter has left a
   * call only batch requests still wait for, the largest of theirs.
   */
  maxShare(): number | null {
    if (this.priority() !== "batch") return null;
    if (this.starter?.maxShare != null) return this.starter.maxShare;
    let share: number | null = null;
    for (const { call } of this.waiters) {
      const theirs = call.client?.maxShare;
      if (theirs != null) share = Math.max(share ?? 0, theirs);
    }
    return share;
  }

  /** The client charged for the work. */
  get starterClient(): CallClient | undefined {
    return this.starter;
  }

  private spend(vendor: Parameters<CallBudget["spend"]>[0], endpoint: string): void {
    let refusal: unknown = null;
    for (const { call } of this.waiters) {
      if (!call.budget) return;
      try {
        call.budget.spend(vendor, endpoint);
        return;
      } catch (error) {
        refusal ??= error;
      }
    }
    if (refusal) throw refusal;
  }
}

/** The shared work's client as the vendor calls see it: the starter's name, the waiters' priority, read live. */
class SharedClient implements CallClient {
  constructor(private readonly shared: SharedCall) {}

  get name(): string {
    return (this.shared.starterClient as CallClient).name;
  }

  get priority(): Priority {
    return this.shared.priority();
  }

  get maxShare(): number | null {
    return this.shared.maxShare();
  }
}
