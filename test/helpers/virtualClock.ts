// Virtual time for the governor's unit tests: sleeps wait for the test to move the clock, and
// `settle()` runs everything that can run, jumping from one timer to the next, so a minute of
// quota costs no wall time and every start time is exact.
import type { Clock } from "../../src/core/Clock.js";

interface Timer {
  at: number;
  resolve: () => void;
}

export interface VirtualClock extends Clock {
  t: number;
  /** Runs until nothing is left to do or time would pass `until` (default: forever). */
  settle(until?: number): Promise<void>;
}

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

export function virtualClock(start = 0): VirtualClock {
  let timers: Timer[] = [];
  const clock: VirtualClock = {
    t: start,
    now: () => clock.t,
    sleep: (ms, signal) =>
      new Promise<void>((resolve) => {
        if (signal?.aborted) return resolve();
        const abort = () => {
          timers = timers.filter((t) => t !== timer);
          resolve();
        };
        // Like systemClock, a sleep that ends lets go of its signal: callers sleep again on the same one.
        const timer: Timer = {
          at: clock.t + Math.max(0, ms),
          resolve: () => {
            signal?.removeEventListener("abort", abort);
            resolve();
          },
        };
        timers.push(timer);
        signal?.addEventListener("abort", abort, { once: true });
      }),
    settle: async (until = Infinity) => {
      for (;;) {
        for (let i = 0; i < 5; i++) await tick();
        if (timers.length === 0) return;
        const next = Math.min(...timers.map((t) => t.at));
        if (next > until) {
          clock.t = until;
          return;
        }
        clock.t = Math.max(clock.t, next);
        const due = timers.filter((t) => t.at <= clock.t);
        timers = timers.filter((t) => t.at > clock.t);
        for (const t of due) t.resolve();
      }
    },
  };
  return clock;
}
