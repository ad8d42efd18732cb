// What one shared poller polls. The vendors push nothing, so a change is what differs between two
// answers: a watch keeps the last answer it trusted and reports only what changed since.
import type { CallOptions } from "../vendors/http/CallOptions.js";

export interface Watch<E> {
  /**
   * One poll. The first one that succeeds is the baseline: it remembers what exists and returns
   * no events (what was already there when the first client subscribed is not a change). Every
   * later one returns each change since the last successful poll exactly once. A poll that
   * throws must leave the watch as it was, so the next one reports what this one missed.
   */
  poll(call: CallOptions): Promise<E[]>;
}
