// The per-vendor `concurrency` line on its own, on virtual time: first come first served, and a
// caller that leaves the line (its deadline passed, its request cancelled) leaves no turn behind.
// These are why the governor keeps its own Semaphore rather than p-limit (see Semaphore.ts).
import { describe, expect, it } from "vitest";
import { Semaphore, type Entry } from "../../src/quota/Semaphore.js";
import { virtualClock } from "../helpers/virtualClock.js";

function setup(max: number) {
  const clock = virtualClock(0);
  const slots = new Semaphore(max, clock);
  const log: string[] = [];
  /** Enters as `name` and notes when and how it got in (or did not), and whether it had to wait. */
  const enter = async (name: string, until: number, signal?: AbortSignal): Promise<Entry> => {
    let waited = false;
    const entry = await slots.enter(until, signal, () => (waited = true));
    log.push(`${name} ${entry} at ${clock.now()}${waited ? " after waiting" : ""}`);
    return entry;
  };
  return { clock, slots, log, enter };
}

describe("Semaphore", () => {
  it("lets `max` in at once and hands each freed slot to the longest waiting caller", async () => {
    const { clock, slots, log, enter } = setup(2);
    await enter("a", 1000);
    await enter("b", 1000);
    const waiting = [enter("c", 1000), enter("d", 1000)];
    await clock.settle(100);
    slots.release();
    await clock.settle(200);
    slots.release();
    await clock.settle();
    await Promise.all(waiting);
    expect(log).toEqual(["a entered at 0", "b entered at 0", "c entered at 100 after waiting", "d entered at 200 after waiting"]);
  });

  it("a caller whose deadline passes leaves the line: the next slot goes to the one behind it", async () => {
    const { clock, slots, log, enter } = setup(1);
    await enter("a", 1000);
    const late = enter("b", 50);
    const patient = enter("c", 1000);
    await clock.settle(100);
    expect(await late).toBe("timeout");
    slots.release();
    // Settled before asking, so a turn lost to b's dead entry shows as c's timeout, not a hang.
    await clock.settle();
    expect(await patient).toBe("entered");
    slots.release();
    // Nobody is left in line, so the slot is free again: the next caller does not wait.
    await enter("d", 1000);
    expect(log).toEqual(["a entered at 0", "b timeout at 50 after waiting", "c entered at 100 after waiting", "d entered at 100"]);
  });

  it("a cancelled caller leaves the line at once, and its turn passes on", async () => {
    const { clock, slots, log, enter } = setup(1);
    await enter("a", 1000);
    const stop = new AbortController();
    const cancelled = enter("b", 1000, stop.signal);
    const next = enter("c", 1000);
    await clock.settle(10);
    stop.abort();
    expect(await cancelled).toBe("cancelled");
    await clock.settle(30);
    slots.release();
    await clock.settle();
    await next;
    expect(log).toEqual(["a entered at 0", "b cancelled at 10 after waiting", "c entered at 30 after waiting"]);
  });
});
