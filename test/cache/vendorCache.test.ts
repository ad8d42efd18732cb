// The cache's rules on their own: fresh / stale / gone, one refresh, stale-if-error, singleflight
// and how a shared fetch treats its waiters' call options. Vendor calls are counted functions.
import { describe, expect, it } from "vitest";
import type { CachedCall } from "../../src/cache/AnswerSink.js";
import { cacheSettings } from "../../src/cache/CacheSettings.js";
import { StaleReport } from "../../src/cache/StaleReport.js";
import { VendorCache } from "../../src/cache/VendorCache.js";
import type { Vendor } from "../../src/errors/codes.js";
import type { CallOptions } from "../../src/core/CallOptions.js";
import { UpstreamError } from "../../src/vendors/http/UpstreamError.js";
import { fakeClock } from "../helpers/vendors.js";

/** A clock in real time, for deadlines (they are timers); it cannot be advanced. */
const realTime = (): ReturnType<typeof fakeClock> => ({ t: 0, sleeps: [], now: () => Date.now(), sleep: (ms) => new Promise((r) => setTimeout(r, ms)), advance: () => {
  throw new Error("real time cannot be advanced");
} });

function setup(ttlSeconds: Partial<Record<Vendor, number>> = { yunzhenji: 30 }, staleSeconds = 600, clock = fakeClock()) {
  const events: string[] = [];
  const settings = cacheSettings({ ttlSeconds: { yunzhenji: 0, shiheng: 0, yunzhong: 0, directory: 0, ...ttlSeconds }, staleSeconds, maxEntries: 1000 });
  const cache = new VendorCache({ settings, clock, observer: { cache: (e) => events.push(`${e.vendor}:${e.result}`) } });
  return { clock, events, settings, cache, report: () => new StaleReport(settings, clock) };
}

/** A vendor call that counts itself, answers `value()` after `ms`, and keeps the options it got. */
function vendor(value: () => unknown = () => "v", ms = 0) {
  const seen: CallOptions[] = [];
  let fail: Error | null = null;
  const fetch = async (call: CallOptions) => {
    seen.push(call);
    if (ms) await new Promise((r) => setTimeout(r, ms));
    if (fail) throw fail;
    return value();
  };
  return { fetch, seen, calls: () => seen.length, failWith: (e: Error | null) => void (fail = e) };
}

const down = () => new UpstreamError({ vendor: "yunzhenji", endpoint: "wechat/list", code: "UPSTREAM_ERROR", message: "yunzhenji wechat/list failed with HTTP 500", status: 500 });

describe("fresh, stale, gone", () => {
  it("serves a fresh answer without a call until the TTL, then (no stale window) fetches again", async () => {
    const { clock, cache, events } = setup({ yunzhenji: 30 }, 0);
    let n = 0;
    const v = vendor(() => ++n);
    expect(await cache.read("yunzhenji", "wechat/list", "k", {}, v.fetch)).toBe(1);
    clock.advance(29_999);
    expect(await cache.read("yunzhenji", "wechat/list", "k", {}, v.fetch)).toBe(1);
    clock.advance(1);
    expect(await cache.read("yunzhenji", "wechat/list", "k", {}, v.fetch)).toBe(2);
    expect(v.calls()).toBe(2);
    expect(events).toEqual(["yunzhenji:miss", "yunzhenji:hit", "yunzhenji:miss"]);
  });

  it("never keeps a failure", async () => {
    const { cache } = setup();
    const v = vendor(() => "up");
    v.failWith(down());
    await expect(cache.read("yunzhenji", "wechat/list", "k", {}, v.fetch)).rejects.toThrow("HTTP 500");
    v.failWith(null);
    expect(await cache.read("yunzhenji", "wechat/list", "k", {}, v.fetch)).toBe("up");
    expect(await cache.read("yunzhenji", "wechat/list", "k", {}, v.fetch)).toBe("up");
    expect(v.calls()).toBe(2);
  });

  it("keys are separate: another key is another call", async () => {
    const { cache } = setup();
    const v = vendor();
    await cache.read("yunzhenji", "wechat/list", "a", {}, v.fetch);
    await cache.read("yunzhenji", "wechat/list", "b", {}, v.fetch);
    await cache.read("yunzhenji", "wechat/list", "a", {}, v.fetch);
    expect(v.calls()).toBe(2);
  });

  it("a stale answer is served at once while exactly one refresh runs, then the fresh one", async () => {
    const { clock, cache, events, report } = setup();
    let n = 0;
    let open: () => void = () => {};
    const gate = new Promise<void>((resolve) => (open = resolve));
    const v = vendor(() => ++n);
    const gated = async (call: CallOptions) => {
      if (v.calls() > 0) await gate; // the refresh hangs until we let it answer
      return v.fetch(call);
    };
    expect(await cache.read("yunzhenji", "wechat/list", "k", {}, gated)).toBe(1);
    clock.advance(45_000);
    const r = report();
    // Served while the refresh is still held at the gate.
    const stale = await Promise.all(Array.from({ length: 10 }, () => cache.read("yunzhenji", "wechat/list", "k", { sink: r }, gated)));
    expect(stale).toEqual(Array(10).fill(1));
    expect(cache.busy).toBe(true);
    open();
    expect(r.notices()).toEqual([{ vendor: "yunzhenji", ageSeconds: 45 }]);
    await cache.idle();
    expect(v.calls()).toBe(2);
    const fresh = report();
    expect(await cache.read("yunzhenji", "wechat/list", "k", { sink: fresh }, gated)).toBe(2);
    expect(fresh.notices()).toEqual([]);
    expect(v.calls()).toBe(2);
    expect(events.filter((e) => e.endsWith("stale"))).toHaveLength(10);
  });

  it("stale-if-error: a failing refresh leaves the stale answer served, until the stale window ends", async () => {
    const { clock, cache, report } = setup({ yunzhenji: 30 }, 60);
    const v = vendor(() => "old");
    await cache.read("yunzhenji", "wechat/list", "k", {}, v.fetch);
    v.failWith(down());
    clock.advance(31_000);
    const r = report();
    expect(await cache.read("yunzhenji", "wechat/list", "k", { sink: r }, v.fetch)).toBe("old");
    await cache.idle();
    expect(v.calls()).toBe(2);
    clock.advance(50_000); // 81 s old: still within 30 + 60
    expect(await cache.read("yunzhenji", "wechat/list", "k", { sink: r }, v.fetch)).toBe("old");
    expect(r.notices()).toEqual([{ vendor: "yunzhenji", ageSeconds: 81 }]);
    await cache.idle();
    clock.advance(9_000); // 90 s: gone
    await expect(cache.read("yunzhenji", "wechat/list", "k", {}, v.fetch)).rejects.toThrow("HTTP 500");
  });

  it("a read that prefers fresh waits for the refresh, and takes the stale answer only if it fails", async () => {
    const { clock, cache } = setup();
    let n = 0;
    const v = vendor(() => ++n);
    await cache.read("yunzhenji", "wechat/list", "k", {}, v.fetch);
    clock.advance(31_000);
    expect(await cache.read("yunzhenji", "wechat/list", "k", { preferFresh: true }, v.fetch)).toBe(2);
    clock.advance(31_000);
    v.failWith(down());
    expect(await cache.read("yunzhenji", "wechat/list", "k", { preferFresh: true }, v.fetch)).toBe(2);
    expect(v.calls()).toBe(3);
  });

  it("background refreshes of one vendor run four at a time", async () => {
    const { clock, cache } = setup({ directory: 60 });
    let inFlight = 0;
    let most = 0;
    const fetch = async () => {
      most = Math.max(most, ++inFlight);
      await new Promise((r) => setTimeout(r, 5));
      inFlight--;
      return "p";
    };
    await Promise.all(Array.from({ length: 20 }, (_, i) => cache.read("directory", "getUser", `u${i}`, {}, fetch)));
    clock.advance(61_000);
    await Promise.all(Array.from({ length: 20 }, (_, i) => cache.read("directory", "getUser", `u${i}`, {}, fetch)));
    await cache.idle();
    expect(most).toBe(20); // the cold reads were the request's own, all at once
    most = 0;
    clock.advance(61_000);
    await Promise.all(Array.from({ length: 20 }, (_, i) => cache.read("directory", "getUser", `u${i}`, {}, fetch)));
    expect(most).toBe(4);
    await cache.idle();
    expect(most).toBe(4);
  });
});

describe("singleflight and the waiters' call options", () => {
  it("50 identical concurrent reads make one call", async () => {
    const { cache, events } = setup();
    const v = vendor(() => ({ rows: [1, 2, 3] }), 10);
    const answers = await Promise.all(Array.from({ length: 50 }, () => cache.read("yunzhenji", "wechat/list", "k", {}, v.fetch)));
    expect(v.calls()).toBe(1);
    expect(new Set(answers).size).toBe(1);
    expect(events).toEqual(Array(50).fill("yunzhenji:miss"));
  });

  it("one waiter's abort does not cancel the call the others still wait for; the last one's does", async () => {
    const { cache } = setup();
    const v = vendor(() => "v", 40);
    const a = new AbortController();
    const b = new AbortController();
    const first = cache.read("yunzhenji", "wechat/list", "k", { signal: a.signal }, v.fetch);
    const second = cache.read("yunzhenji", "wechat/list", "k", { signal: b.signal }, v.fetch);
    await new Promise((r) => setTimeout(r, 5));
    a.abort();
    await expect(first).rejects.toMatchObject({ code: "UPSTREAM_TIMEOUT", message: "yunzhenji wechat/list was dropped: the request was cancelled" });
    expect(v.seen[0]!.signal!.aborted).toBe(false);
    expect(await second).toBe("v");

    const c = new AbortController();
    const lone = cache.read("yunzhenji", "wechat/list", "other", { signal: c.signal }, v.fetch);
    await new Promise((r) => setTimeout(r, 5));
    c.abort();
    await expect(lone).rejects.toMatchObject({ code: "UPSTREAM_TIMEOUT" });
    expect(v.seen[1]!.signal!.aborted).toBe(true);
    expect(v.calls()).toBe(2);
  });

  it("a new reader after everyone left starts a new call instead of joining the dropped one", async () => {
    const { cache } = setup();
    const v = vendor(() => "v", 20);
    const c = new AbortController();
    const left = cache.read("yunzhenji", "wechat/list", "k", { signal: c.signal }, v.fetch);
    await new Promise((r) => setTimeout(r, 2));
    c.abort();
    await expect(left).rejects.toMatchObject({ code: "UPSTREAM_TIMEOUT" });
    expect(await cache.read("yunzhenji", "wechat/list", "k", {}, v.fetch)).toBe("v");
    expect(v.calls()).toBe(2);
  });

  it("the shared call's deadline is its latest waiter's, none while a waiter has none; a waiter leaves at its own", async () => {
    // Deadlines are kept in real time.
    const { clock, cache } = setup({ yunzhenji: 30 }, 600, realTime());
    const v = vendor(() => "v", 60);
    const t = clock.now();
    const early = cache.read("yunzhenji", "wechat/list", "k", { deadline: t + 20 }, v.fetch);
    const late = cache.read("yunzhenji", "wechat/list", "k", { deadline: t + 5000 }, v.fetch);
    await new Promise((r) => setTimeout(r, 5));
    expect(v.seen[0]!.deadline).toBe(t + 5000);
    await expect(early).rejects.toMatchObject({ code: "UPSTREAM_TIMEOUT", message: "yunzhenji wechat/list did not answer before the operation's deadline" });
    expect(await late).toBe("v");

    const w = vendor(() => "w", 20);
    const bounded = cache.read("yunzhenji", "wechat/list", "j", { deadline: t + 5000 }, w.fetch);
    const unbounded = cache.read("yunzhenji", "wechat/list", "j", {}, w.fetch);
    await new Promise((r) => setTimeout(r, 5));
    expect(w.seen[0]!.deadline).toBeUndefined();
    await Promise.all([bounded, unbounded]);
  });

  it("a shared call is charged to the first waiter whose budget still allows it", async () => {
    const { cache } = setup();
    const spent: string[] = [];
    const budget = (name: string, left: number) => ({
      spend: () => {
        if (left-- <= 0) throw new Error(`${name}: budget spent`);
        spent.push(name);
      },
    });
    const fetch = async (call: CallOptions) => {
      await new Promise((r) => setTimeout(r, 5));
      call.budget?.spend("yunzhenji", "wechat/list");
      return "v";
    };
    const calls: CachedCall[] = [{ budget: budget("a", 0) }, { budget: budget("b", 1) }];
    expect(await Promise.all(calls.map((c) => cache.read("yunzhenji", "wechat/list", "k", c, fetch)))).toEqual(["v", "v"]);
    expect(spent).toEqual(["b"]);
    await expect(cache.read("yunzhenji", "wechat/list", "other", { budget: budget("c", 0) }, fetch)).rejects.toThrow("c: budget spent");
  });
});
