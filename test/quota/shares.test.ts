// The quota governor's shares on virtual time, in one process, every call counted where it starts:
// batch clients together within the batch cap, each within its own share, the rest of the window
// kept for interactive calls, interactive callers never in line behind batch ones (neither for the
// window nor for a concurrency slot), and a call shared by several requests taking its most urgent
// waiter's priority while it stays charged to the request that started it.
import { describe, expect, it } from "vitest";
import type { Vendor } from "../../src/errors/codes.js";
import type { CallClient } from "../../src/core/CallClient.js";
import type { CallOptions } from "../../src/core/CallOptions.js";
import { SharedCall } from "../../src/cache/SharedCall.js";
import { MemoryQuotaBackend } from "../../src/quota/MemoryQuotaBackend.js";
import { QuotaGovernor, type QuotaTuning } from "../../src/quota/QuotaGovernor.js";
import type { VendorQuota } from "../../src/quota/quotaLimits.js";
import type { ExchangeInfo } from "../../src/vendors/http/transport.js";
import { UpstreamError } from "../../src/vendors/http/UpstreamError.js";
import { failure } from "../helpers/vendors.js";
import { virtualClock } from "../helpers/virtualClock.js";

const MINUTE = 60_000;
const batch = (name: string, maxShare: number): CallClient => ({ name, priority: "batch", maxShare });
const interactive = (name: string): CallClient => ({ name, priority: "interactive", maxShare: null });
const crm = interactive("crm-web");
const reports = batch("reports", 0.25);
const nightly = batch("nightly", 0.5);

function setup(quota: Partial<VendorQuota> = {}, options: { batchCap?: number } & QuotaTuning = {}) {
  const clock = virtualClock(0);
  const waits: { vendor: Vendor; client: string; waitedMs: number }[] = [];
  const windows: { vendor: Vendor; usedRatio: number }[] = [];
  const governor = new QuotaGovernor({
    vendors: { yunzhenji: { perMinute: 20, concurrency: null, timeoutMs: 5000, ...quota }, directory: { perMinute: null, concurrency: null, timeoutMs: 5000 } },
    backend: new MemoryQuotaBackend(clock),
    clock,
    windowMs: MINUTE,
    batchCap: 0.5,
    observer: { quotaWait: (e) => waits.push(e), quotaWindow: (e) => windows.push(e) },
    ...options,
  });
  /** Which client's call started when, in order. */
  const starts: { who: string; at: number }[] = [];
  const info = (call: CallOptions, vendor: Vendor = "yunzhenji"): ExchangeInfo => ({ vendor, endpoint: "wechat/list", call });
  const exchange = (who: string, ms = 0) => async () => {
    starts.push({ who, at: clock.now() });
    if (ms > 0) await clock.sleep(ms);
    return who;
  };
  /** `n` calls of `client` one after the other, each with `deadlineMs` left; the refusals they met. */
  const calls = async (client: CallClient | undefined, n: number, deadlineMs = 1000): Promise<UpstreamError[]> => {
    const refused: UpstreamError[] = [];
    for (let i = 0; i < n; i++) {
      const call = { deadline: clock.now() + deadlineMs, ...(client ? { client } : {}) };
      try {
        await governor.wrap(info(call), exchange(client?.name ?? "none"));
      } catch (error) {
        refused.push(error as UpstreamError);
      }
    }
    return refused;
  };
  const count = (who: string) => starts.filter((s) => s.who === who).length;
  return { clock, governor, waits, windows, starts, info, exchange, calls, count };
}

describe("shares of a window", () => {
  it("a batch client stays within its own share, and hears when its share frees", async () => {
    const { calls, count, clock } = setup();
    clock.t = 1000;
    // 0.25 of 20 calls a minute: 5.
    const refused = await calls(reports, 8);
    expect(count("reports")).toBe(5);
    expect(refused).toHaveLength(3);
    expect(refused[0]!.code).toBe("UPSTREAM_RATE_LIMITED");
    expect(refused[0]!.message).toBe("yunzhenji wechat/list was not called: this client's share of its quota (5 of 20 calls a minute) is spent and frees too late for this request");
    // Its first call ended at 1000: its slot frees a minute later.
    expect(refused.map((e) => e.retryAfterSeconds)).toEqual([60, 60, 60]);
    // Another batch client still has room under the cap (0.5 of 20 = 10 batch calls, 5 taken).
    expect(await calls(nightly, 5)).toEqual([]);
    expect(count("nightly")).toBe(5);
  });

  it("batch clients together stay within the batch cap, though one's own share would allow more", async () => {
    const { calls, count } = setup();
    expect(await calls(reports, 5)).toEqual([]);
    const refused = await calls(nightly, 10);
    // nightly may take 10 alone, but batch calls together only 10: 5 are left to it.
    expect(count("nightly")).toBe(5);
    expect(refused).toHaveLength(5);
    expect(refused[0]!.message).toBe(
      "yunzhenji wechat/list was not called: the part of its quota batch clients may use (10 of 20 calls a minute; the rest is kept for interactive clients) is spent and frees too late for this request",
    );
    expect(refused[0]!.retryAfterSeconds).toBe(60);
    // Interactive clients may use the whole quota: the other 10, then no more.
    expect(await calls(crm, 10)).toEqual([]);
    const full = await calls(crm, 1);
    expect(full[0]!.message).toBe("yunzhenji wechat/list was not called: its quota of 20 calls a minute is spent and frees too late for this request");
  });

  it("once fewer than (1 - cap) x perMinute calls are left, only interactive calls take them", async () => {
    const { calls, count, windows } = setup();
    // Interactive traffic alone has used 11 of 20: 9 left, fewer than the 10 kept from batch clients.
    expect(await calls(crm, 11)).toEqual([]);
    const refused = await calls(reports, 1);
    expect(count("reports")).toBe(0);
    expect(refused[0]!.message).toContain("the part of its quota batch clients may use (10 of 20 calls a minute");
    // A call without a client is interactive, and so are the graph's own (reserved) clients.
    expect(await calls(undefined, 4)).toEqual([]);
    expect(await calls(interactive("live"), 5)).toEqual([]);
    expect(count("none") + count("live") + count("crm-web")).toBe(20);
    // The gauge: the part of the window used, as last seen (0 at start, then every take).
    expect(windows[0]).toEqual({ vendor: "yunzhenji", usedRatio: 0 });
    expect(windows.at(-1)).toEqual({ vendor: "yunzhenji", usedRatio: 1 });
    expect(windows.find((w) => w.usedRatio === 0.55)).toBeDefined();
  });

  it("a batch call over its share waits within its deadline, and the wait is charged to its client", async () => {
    const { governor, clock, calls, starts, waits, info, exchange } = setup();
    expect(await calls(reports, 5)).toEqual([]);
    clock.t = 30_000;
    const waited = governor.wrap(info({ deadline: 70_000, client: reports }), exchange("reports"));
    await clock.settle();
    expect(await waited).toBe("reports");
    expect(starts.at(-1)).toEqual({ who: "reports", at: MINUTE });
    expect(waits).toEqual([{ vendor: "yunzhenji", client: "reports", waitedMs: 30_000 }]);
  });

  it("a vendor without quota.perMinute has nothing to share", async () => {
    const { governor, info, exchange, count, clock } = setup();
    await Promise.all(Array.from({ length: 100 }, () => governor.wrap(info({ client: reports }, "directory"), exchange("reports"))));
    expect(count("reports")).toBe(100);
    expect(clock.t).toBe(0);
  });

  it("a share of less than one whole call lets no batch call through", async () => {
    const { calls, count } = setup({ perMinute: 3 }, { batchCap: 0.25 });
    const refused = await calls(reports, 1);
    expect(count("reports")).toBe(0);
    expect(refused[0]!.message).toContain("(0 of 3 calls a minute)");
    expect(refused[0]!.retryAfterSeconds).toBe(60);
  });
});

describe("interactive first", () => {
  it("a waiting interactive call takes the next free slot before batch calls that waited longer", async () => {
    const { governor, clock, starts, info, exchange } = setup({ perMinute: 4 }, { batchCap: 1 });
    const all = batch("all", 1);
    // Four calls ending at 0, 1000, 2000, 3000: their slots free at 60 000, 61 000, 62 000, 63 000.
    const filling = Promise.all([0, 1000, 2000, 3000].map((ms) => governor.wrap(info({ client: crm }), exchange("crm-web", ms))));
    await clock.settle();
    await filling;
    clock.t = 10_000;
    const waiting = [governor.wrap(info({ deadline: 100_000, client: all }), exchange("all")), governor.wrap(info({ deadline: 100_000, client: all }), exchange("all"))];
    await clock.settle(20_000);
    waiting.push(governor.wrap(info({ deadline: 100_000, client: crm }), exchange("crm-web")));
    await clock.settle();
    await Promise.all(waiting);
    expect(starts.slice(4)).toEqual([
      { who: "crm-web", at: 60_000 },
      { who: "all", at: 61_000 },
      { who: "all", at: 62_000 },
    ]);
  });

  it("an interactive call that fits the window is not held behind batch calls waiting for their share", async () => {
    const { governor, clock, calls, starts, info, exchange } = setup();
    expect(await calls(reports, 5)).toEqual([]);
    const patient = Array.from({ length: 3 }, () => governor.wrap(info({ deadline: 200_000, client: reports }), exchange("reports")));
    await clock.settle(1000);
    expect(await calls(crm, 1)).toEqual([]);
    expect(starts.at(-1)).toEqual({ who: "crm-web", at: 1000 });
    await clock.settle();
    await Promise.all(patient);
    expect(starts.filter((s) => s.who === "reports").map((s) => s.at)).toEqual([0, 0, 0, 0, 0, MINUTE, MINUTE, MINUTE]);
  });

  it("a batch call waiting for the window gives its concurrency slot to an interactive call", async () => {
    const { governor, clock, calls, starts, info, exchange } = setup({ concurrency: 1 });
    expect(await calls(reports, 5)).toEqual([]);
    const patient = governor.wrap(info({ deadline: 100_000, client: reports }), exchange("reports"));
    await clock.settle(5000);
    expect(await calls(crm, 1)).toEqual([]);
    expect(starts.at(-1)).toEqual({ who: "crm-web", at: 5000 });
    await clock.settle();
    expect(await patient).toBe("reports");
    expect(starts.at(-1)).toEqual({ who: "reports", at: MINUTE });
  });

  it("a freed concurrency slot goes to a waiting interactive call before batch calls that waited longer", async () => {
    const { governor, clock, starts, info, exchange } = setup({ perMinute: null, concurrency: 1 });
    const busy = governor.wrap(info({ client: crm }), exchange("crm-web", 1000));
    await clock.settle(100);
    const queued = [
      governor.wrap(info({ deadline: 10_000, client: reports }), exchange("reports", 1000)),
      governor.wrap(info({ deadline: 10_000, client: nightly }), exchange("nightly", 1000)),
    ];
    await clock.settle(200);
    queued.push(governor.wrap(info({ deadline: 10_000, client: crm }), exchange("crm-web", 1000)));
    await clock.settle();
    await Promise.all([busy, ...queued]);
    expect(starts).toEqual([
      { who: "crm-web", at: 0 },
      { who: "crm-web", at: 1000 },
      { who: "reports", at: 2000 },
      { who: "nightly", at: 3000 },
    ]);
  });
});

describe("a call shared by several requests", () => {
  it("takes its most urgent waiter's priority, read live, and stays charged to the request that started it", async () => {
    const { governor, clock, calls, starts, waits, info, exchange } = setup();
    expect(await calls(reports, 5)).toEqual([]);
    clock.t = 1000;
    // Another call of the same client waits ahead of it: the shared call is not the one that polls.
    const ahead = governor.wrap(info({ deadline: 100_000, client: reports }), exchange("reports"));
    await clock.settle(1000);
    const shared = new SharedCall(clock);
    const work = Promise.resolve().then(() => governor.wrap(info(shared.options), exchange(shared.options.client!.name)));
    const started = shared.wait(work, { deadline: 100_000, client: reports }, () => new Error("gave up"));
    expect(shared.options.client).toMatchObject({ name: "reports", priority: "batch", maxShare: 0.25 });
    // Over its share, it waits for a slot a minute after the first calls.
    await clock.settle(5000);
    expect(starts).toHaveLength(5);
    // An interactive request joins: the call goes now, within a poll, as an interactive one.
    const joined = shared.wait(work, { deadline: 100_000, client: crm }, () => new Error("gave up"));
    expect(shared.options.client).toMatchObject({ name: "reports", priority: "interactive", maxShare: null });
    await clock.settle();
    expect(await started).toBe("reports");
    expect(await joined).toBe("reports");
    expect(await ahead).toBe("reports");
    expect(starts.slice(5)).toEqual([
      { who: "reports", at: 6000 },
      { who: "reports", at: MINUTE },
    ]);
    expect(waits).toEqual([
      { vendor: "yunzhenji", client: "reports", waitedMs: 5000 },
      { vendor: "yunzhenji", client: "reports", waitedMs: MINUTE - 1000 },
    ]);
  });
});
