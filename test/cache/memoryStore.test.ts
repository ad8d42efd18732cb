// The in-process answer store on its own (src/cache/MemoryStore.ts): when an answer is gone, and
// which answers a full store lets go. An lru-cache in its place fails the first, third and fourth
// of these, which is why the store stays hand-written.
import { describe, expect, it } from "vitest";
import { MemoryStore } from "../../src/cache/MemoryStore.js";
import { fakeClock } from "../helpers/vendors.js";

const answer = (value: string) => ({ value, fetchedAt: 0 });

describe("MemoryStore", () => {
  it("serves an answer until keepMs has passed, and not at keepMs", async () => {
    const clock = fakeClock();
    const store = new MemoryStore(100, clock);
    await store.set("k", answer("v"), 1000);
    clock.advance(999);
    expect(store.peek("k")).toEqual(answer("v"));
    clock.advance(1);
    expect(store.peek("k")).toBeUndefined();
    expect(await store.get("k")).toBeUndefined();
    expect(store.size).toBe(0);
  });

  it("keeps nothing for a keepMs of zero or less, and such a write takes the older answer out", async () => {
    const clock = fakeClock();
    const store = new MemoryStore(100, clock);
    await store.set("k", answer("old"), 1000);
    await store.set("k", answer("new"), 0);
    expect(store.peek("k")).toBeUndefined();
    await store.set("j", answer("v"), -5);
    expect(store.peek("j")).toBeUndefined();
    expect(store.size).toBe(0);
  });

  it("when full, lets the dead answers go before any live one", async () => {
    const clock = fakeClock();
    const store = new MemoryStore(100, clock);
    for (let i = 0; i < 50; i++) await store.set(`long${i}`, answer(`long${i}`), 60_000);
    for (let i = 0; i < 50; i++) await store.set(`short${i}`, answer(`short${i}`), 100);
    clock.advance(100);
    await store.set("new", answer("new"), 60_000);
    expect(store.size).toBe(51);
    expect(store.peek("long0")).toEqual(answer("long0"));
    expect(store.peek("new")).toEqual(answer("new"));
  });

  it("when full of live answers, lets the least recently written go, 1% at once; a read does not keep one", async () => {
    const clock = fakeClock();
    const store = new MemoryStore(100, clock);
    for (let i = 0; i < 100; i++) await store.set(`k${i}`, answer(`k${i}`), 60_000);
    expect(store.peek("k0")).toEqual(answer("k0"));
    await store.set("k100", answer("k100"), 60_000);
    // 101 entries: the one over the bound and one more (1% of 100), the oldest writes.
    expect(store.size).toBe(99);
    expect(store.peek("k0")).toBeUndefined();
    expect(store.peek("k1")).toBeUndefined();
    expect(store.peek("k2")).toEqual(answer("k2"));
    expect(store.peek("k100")).toEqual(answer("k100"));
    // Rewriting an answer makes it the most recent write.
    await store.set("k2", answer("k2 again"), 60_000);
    await store.set("k101", answer("k101"), 60_000);
    await store.set("k102", answer("k102"), 60_000);
    expect(store.size).toBe(99);
    expect(store.peek("k2")).toEqual(answer("k2 again"));
    expect(store.peek("k3")).toBeUndefined();
    expect(store.peek("k4")).toBeUndefined();
    expect(store.peek("k5")).toEqual(answer("k5"));
  });

  it("refuses a bound that is not a positive integer, showing it", () => {
    expect(() => new MemoryStore(0, fakeClock())).toThrow("MemoryStore: maxEntries must be a positive integer, got 0");
    expect(() => new MemoryStore(1.5, fakeClock())).toThrow("MemoryStore: maxEntries must be a positive integer, got 1.5");
  });
});
