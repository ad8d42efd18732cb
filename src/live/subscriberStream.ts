// One client's subscription as the AsyncIterator graphql-js consumes: events from a shared poller,
// queued while the client reads the previous one. It leaves the poller when the client stops
// reading (return()), when its HTTP request goes away (the signal: yoga does not end a stream
// whose client vanished, it only stops writing to it), or when the hub closes.
import type { Subscriber } from "./PollerHub.js";

/** Events a client may be behind before its subscription is ended rather than queued forever. */
export const MAX_QUEUED_EVENTS = 1000;

export class SubscriberOverflowError extends Error {
  override readonly name = "SubscriberOverflowError";
}

/**
 * `join` subscribes to a poller (now, so its baseline starts at once) and returns the function
 * that leaves it. `accept` picks this client's events from the poller's.
 */
export function subscriberStream<E>(join: (subscriber: Subscriber<E>) => () => void, accept: (event: E) => boolean, signal?: AbortSignal): AsyncIterableIterator<E> {
  const queue: E[] = [];
  // Someone awaits next() only while the queue is empty, so an overflow never meets a waiting reader.
  let waiting: ((result: IteratorResult<E>) => void) | null = null;
  let failure: Error | null = null;
  let done = false;

  const finish = (): void => {
    if (done) return;
    done = true;
    leave();
    signal?.removeEventListener("abort", finish);
    const resolve = waiting;
    waiting = null;
    resolve?.({ done: true, value: undefined });
  };

  const leave = join({
    next(event) {
      if (done || !accept(event)) return;
      if (waiting) {
        const resolve = waiting;
        waiting = null;
        resolve({ done: false, value: event });
      } else if (queue.length < MAX_QUEUED_EVENTS) {
        queue.push(event);
      } else {
        queue.length = 0;
        failure = new SubscriberOverflowError(`the client fell ${MAX_QUEUED_EVENTS} events behind; subscribe again`);
        finish();
      }
    },
    end: finish,
  });
  if (signal?.aborted) finish();
  else signal?.addEventListener("abort", finish, { once: true });

  const iterator: AsyncIterableIterator<E> = {
    next() {
      if (queue.length > 0) return Promise.resolve({ done: false, value: queue.shift() as E });
      if (failure) {
        const error = failure;
        failure = null;
        return Promise.reject(error);
      }
      if (done) return Promise.resolve({ done: true, value: undefined });
      return new Promise<IteratorResult<E>>((resolve) => {
        waiting = resolve;
      });
    },
    return() {
      queue.length = 0;
      finish();
      return Promise.resolve({ done: true, value: undefined });
    },
    [Symbol.asyncIterator]() {
      return iterator;
    },
  };
  return iterator;
}
