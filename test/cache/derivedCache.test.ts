// Indexes kept across requests (DerivedCache): as old as their oldest input, rebuilt once, kept
// stale when a rebuild fails, never kept when built without a best-effort input.
import { describe, expect, it } from "vitest";
import type { CachedCall } from "../../src/cache/AnswerSink.js";
import { cacheSettings } from "../../src/cache/CacheSettings.js";
import { DerivedCache } from "../../src/cache/DerivedCache.js";
import { StaleReport } from "../../src/cache/StaleReport.js";
import { fakeClock } from "../helpers/vendors.js";

function setup(staleSeconds = 600) {
  const clock = fakeClock();
  const settings = cacheSettings({ ttlSeconds: { yunzhenji: 0, shiheng: 300, yunzhong: 30, directory: 600 }, staleSeconds, maxEntries: 100 });
  const events: string[] = [];
  const derived = new DerivedCache({ settings, clock, observer: { cache: (e) => events.push(`${e.vendor}:${e.result}`) } });
  return { clock, derived, events, report: () => new StaleReport(settings, clock) };
}

describe("DerivedCache", () => {
  it("is kept only when every vendor it is built from is cached", () => {
    const { derived } = setup();
    expect(derived.caches(["shiheng", "directory"])).toBe(true);
    expect(derived.caches(["shiheng", "yunzhenji"])).toBe(false);
    expect(derived.caches([])).toBe(false);
  });

  it("expires with its first input, is served stale with that input's age while one rebuild runs", async () => {
    const { clock, derived, events, report } = setup();
    let builds = 0;
    const t0 = clock.now();
    // Inputs: a shiheng answer fetched now (TTL 300 s), a directory answer fetched 200 s ago (TTL 600 s).
    const build = async (call: CachedCall) => {
      builds++;
      call.sink?.saw("shiheng", clock.now());
      call.sink?.saw("directory", clock.now() - 200_000);
      return { built: builds };
    };
    expect(await derived.get("idx", ["shiheng", "directory"], {}, build)).toEqual({ built: 1 });
    clock.advance(299_999);
    expect(await derived.get("idx", ["shiheng", "directory"], {}, build)).toEqual({ built: 1 });
    expect(derived.holds("idx")).toBe(true);
    clock.advance(1); // shiheng's input is now 300 s old: the index expires with it
    const r = report();
    expect(await derived.get("idx", ["shiheng", "directory"], { sink: r }, build)).toEqual({ built: 1 });
    expect(r.notices()).toEqual([{ vendor: "shiheng", ageSeconds: 300 }]);
    await derived.idle();
    expect(builds).toBe(2);
    const fresh = report();
    expect(await derived.get("idx", ["shiheng", "directory"], { sink: fresh }, build)).toEqual({ built: 2 });
    expect(fresh.notices()).toEqual([]);
    expect(events).toEqual(["shiheng:miss", "directory:miss", "shiheng:hit", "directory:hit", "shiheng:stale", "directory:stale", "shiheng:hit", "directory:hit"]);
  });

  it("a failing rebuild keeps the stale index until the stale window ends", async () => {
    const { clock, derived } = setup(60);
    let fail = false;
    const build = async (call: CachedCall) => {
      if (fail) throw new Error("shiheng down");
      call.sink?.saw("shiheng", clock.now());
      return "index";
    };
    await derived.get("idx", ["shiheng"], {}, build);
    fail = true;
    clock.advance(301_000);
    expect(await derived.get("idx", ["shiheng"], {}, build)).toBe("index");
    await derived.idle();
    clock.advance(50_000);
    expect(await derived.get("idx", ["shiheng"], {}, build)).toBe("index");
    await derived.idle();
    clock.advance(10_000); // 361 s: past 300 + 60
    expect(derived.holds("idx")).toBe(false);
    await expect(derived.get("idx", ["shiheng"], {}, build)).rejects.toThrow("shiheng down");
  });

  it("an index built without a best-effort input serves its request but is not kept", async () => {
    const { derived } = setup();
    let builds = 0;
    const build = async (call: CachedCall) => {
      builds++;
      if (builds === 1) call.sink?.missed?.("yunzhong");
      return builds;
    };
    expect(await derived.get("idx", ["shiheng", "yunzhong"], {}, build)).toBe(1);
    expect(derived.holds("idx")).toBe(false);
    expect(await derived.get("idx", ["shiheng", "yunzhong"], {}, build)).toBe(2);
    expect(await derived.get("idx", ["shiheng", "yunzhong"], {}, build)).toBe(2);
  });

  it("is built once for concurrent requests, and one request leaving does not stop it for the others", async () => {
    const { derived } = setup();
    let builds = 0;
    let seen: CachedCall | null = null;
    const build = async (call: CachedCall) => {
      builds++;
      seen = call;
      await new Promise((r) => setTimeout(r, 30));
      return "index";
    };
    const leaving = new AbortController();
    const first = derived.get("idx", ["shiheng"], { signal: leaving.signal }, build);
    const second = derived.get("idx", ["shiheng"], {}, build);
    await new Promise((r) => setTimeout(r, 5));
    leaving.abort();
    await expect(first).rejects.toMatchObject({ code: "UPSTREAM_TIMEOUT", vendor: "shiheng" });
    expect(seen!.signal!.aborted).toBe(false);
    expect(await second).toBe("index");
    expect(builds).toBe(1);
  });
});
