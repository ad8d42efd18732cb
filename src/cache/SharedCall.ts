// One piece of vendor work (a call, or an index build) awaited by several requests at once. It
// must outlive any one of them, yet stop when nobody wants it any more:
// - a waiter whose client left or whose deadline passed stops waiting at once (its own error);
//   the shared work is dropped only when the last waiter has gone (reference counting);
// - its deadline is the latest of its waiters' (none while some waiter has none), read live, so a
//   retry may run on for a waiter that joined later with more time;
// - a vendor call is charged to the call budget of the first waiter whose budget still allows it,
//   and refused only when every waiter's would refuse it.
// Background work (a refresh nobody waits for) has a waiter of its own that never leaves, with a
// deadline of its own and no budget: it belongs to no request.
import { setMaxListeners } from "node:events";
import type { CallBudget } from "../core/CallOptions.js";
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
  /** The call options the shared work runs with. */
  readonly options: CachedCall;

  constructor(
    private readonly clock: Clock,
    options: SharedCallOptions = {},
  ) {
    // Every vendor call and cache read of the shared work listens to this one signal (an index
    // build reads hundreds of answers); they all let go when done, so no bound is meaningful.
    setMaxListeners(0, this.controller.signal);
    if (options.background) this.waiters.add({ call: { deadline: options.background.deadline } });
    const self = this;
    const budget: CallBudget = { spend: (vendor, endpoint) => self.spend(vendor, endpoint) };
    this.options = {
      signal: this.controller.signal,
      get deadline() {
        return self.deadline();
      },
      budget,
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
