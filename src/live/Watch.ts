// What one shared poller polls. The vendors push nothing, so a change is what differs between two
// answers: a watch keeps the last answer it trusted and reports only what changed since.
import type { CallOptions } from "../core/CallOptions.js";

export interface Watch<E> {
  /**
   * The first poll: remembers what exists now and reports nothing (what was already there when
   * the first client subscribed is not a change). The poller repeats it until it succeeds.
   */
  baseline(call: CallOptions): Promise<void>;
  /**
   * Every later poll: each change since the last successful poll (or the baseline), once. A poll
   * that throws must leave the watch as it was, so the next one reports what this one missed.
   */
  poll(call: CallOptions): Promise<E[]>;
}
