// `concurrency`: at most N exchanges with one vendor in flight from this replica, first come first
// served, but a freed slot goes to an urgent (interactive) caller before any other. A caller waits
// for a slot only until its deadline.
// Ours rather than p-limit: a p-limit task cannot leave the line alone (only clearQueue empties
// all of it), so a deadline or an abort while waiting would leave a dead entry behind that still
// takes its turn; nor does it wait on our Clock (the governor's tests run on virtual time), and
// the governor needs to hear whether a call had to wait (`onWait`) and how the wait ended.
import type { Clock } from "../core/Clock.js";

interface Waiter {
  granted: boolean;
  grant(): void;
  /** Read when a slot frees: a shared call's priority can rise while it waits. */
  urgent(): boolean;
}

export type Entry = "entered" | "timeout" | "cancelled";

export class Semaphore {
  private active = 0;
  private readonly queue: Waiter[] = [];

  constructor(
    readonly max: number,
    private readonly clock: Clock,
  ) {}

  /**
   * Takes a slot, waiting until `until` (epoch ms) at most (`onWait` is told when it must); "entered"
   * means `release()` is owed. Without `urgent`, the caller is urgent.
   */
  async enter(until: number, signal?: AbortSignal, onWait?: () => void, urgent: () => boolean = always): Promise<Entry> {
    if (this.active < this.max && this.queue.length === 0) {
      this.active++;
      return "entered";
    }
    onWait?.();
    const stop = new AbortController();
    const waiter: Waiter = {
      granted: false,
      grant: () => {
        waiter.granted = true;
        stop.abort();
      },
      urgent,
    };
    const cancel = () => stop.abort();
    signal?.addEventListener("abort", cancel, { once: true });
    this.queue.push(waiter);
    try {
      const left = until - this.clock.now();
      if (left > 0 && !signal?.aborted) await this.clock.sleep(left, stop.signal);
    } finally {
      signal?.removeEventListener("abort", cancel);
    }
    // A slot handed over while we were waking up is ours: `release` already passed it on.
    if (waiter.granted) return "entered";
    this.queue.splice(this.queue.indexOf(waiter), 1);
    return signal?.aborted ? "cancelled" : "timeout";
  }

  /** Hands the slot to the next waiter (the first urgent one, else the first), or frees it. */
  release(): void {
    if (this.queue.length === 0) {
      this.active--;
      return;
    }
    const at = this.queue.findIndex((waiter) => waiter.urgent());
    const [next] = this.queue.splice(Math.max(0, at), 1);
    (next as Waiter).grant();
  }
}

const always = (): boolean => true;
