// The quota governor on virtual time, in one process: the sliding-window bound (counted from each
// call's end), waiting only within the deadline, failing at once with retryAfterSeconds otherwise,
// cancellation, the pause a vendor's rate-limit answer starts, and `concurrency`.
import { describe, expect, it } from "vitest";
import type { Vendor } from "../../src/errors/codes.js";
import { MemoryQuotaBackend } from "../../src/quota/MemoryQuotaBackend.js";
import { QuotaGovernor, type QuotaTuning } from "../../src/quota/QuotaGovernor.js";
import { quotaLimits, type VendorQuota } from "../../src/quota/quotaLimits.js";
import type { CallOptions } from "../../src/core/CallOptions.js";
import type { ExchangeInfo } from "../../src/vendors/http/transport.js";
import { UpstreamError } from "../../src/vendors/http/UpstreamError.js";
import { captureLogger } from "../helpers/captureLogger.js";
import { failure } from "../helpers/vendors.js";
import { maxInWindow } from "../helpers/windows.js";
import { virtualClock } from "../helpers/virtualClock.js";

const WINDOW = 1000;

function setup(quota: Partial<VendorQuota> = {}, tuning: QuotaTuning = {}) {
  const clock = virtualClock(0);
  const waits: { vendor: Vendor; client: string; waitedMs: number }[] = [];
  const logger = captureLogger();
  const governor = new QuotaGovernor({
    vendors: { yunzhenji: { perMinute: 5, concurrency: null, timeoutMs: 5000, ...quota } },
    backend: new MemoryQuotaBackend(clock),
    clock,
    logger,
    windowMs: WINDOW,
    observer: { quotaWait: (e) => waits.push(e) },
    ...tuning,
  });
  const starts: number[] = [];
  const info = (call: CallOptions = {}, vendor: Vendor = "yunzhenji"): ExchangeInfo => ({ vendor, endpoint: "wechat/list", call });
  /** An exchange that notes when it started and takes `ms` of virtual time. */
  const exchange = (ms = 0) => async () => {
    starts.push(clock.now());
    if (ms > 0) await clock.sleep(ms);
    return "answer";
  };
  return { clock, governor, waits, logger, starts, info, exchange };
}

function rateLimited407(): UpstreamError {
  return new UpstreamError({ vendor: "yunzhenji", endpoint: "wechat/list", code: "UPSTREAM_RATE_LIMITED", message: "yunzhenji wechat/list: errcode 407 (rate limited)", vendorCode: 407 });
}

describe("sliding window", () => {
  it("never lets more than perMinute calls into any window, counting each call from its end", async () => {
    const { clock, governor, starts, info, exchange } = setup();
    const calls = Array.from({ length: 23 }, () => governor.wrap(info({ deadline: 100_000 }), exchange(100)));
    await clock.settle();
    expect(await Promise.all(calls)).toEqual(Array(23).fill("answer"));
    // 5 at once; the next 5 only a window after the first 5 ENDED (100 + 1000), and so on: a bucket
    // refilled from the start times would have let the second five in at 1000.
    expect(starts).toEqual([0, 0, 0, 0, 0, 1100, 1100, 1100, 1100, 1100, 2200, 2200, 2200, 2200, 2200, 3300, 3300, 3300, 3300, 3300, 4400, 4400, 4400]);
    expect(maxInWindow(starts, WINDOW)).toBe(5);
  });

  it("a call whose budget frees too late for its deadline fails at once with retryAfterSeconds", async () => {
    const { clock, governor, info, exchange } = setup({}, { windowMs: 60_000 });
    for (let i = 0; i < 5; i++) await governor.wrap(info(), exchange());
    clock.t = 2000;
    const error = await failure(governor.wrap(info({ deadline: 12_000 }), exchange()));
    expect(error.code).toBe("UPSTREAM_RATE_LIMITED");
    expect(error.message).toBe("yunzhenji wechat/list was not called: its quota of 5 calls a minute is spent and frees too late for this request");
    // The first slot frees a minute after the first call ended at 0: 58 s from now.
    expect(error.retryAfterSeconds).toBe(58);
    expect(clock.t).toBe(2000);
  });

  it("a call whose budget frees within its deadline waits for it, and the wait is reported", async () => {
    const { clock, governor, starts, waits, info, exchange } = setup({}, { windowMs: 60_000 });
    for (let i = 0; i < 5; i++) await governor.wrap(info(), exchange());
    clock.t = 2000;
    const pending = governor.wrap(info({ deadline: 61_000 }), exchange());
    await clock.settle();
    expect(await pending).toBe("answer");
    expect(starts.at(-1)).toBe(60_000);
    expect(waits).toEqual([{ vendor: "yunzhenji", client: "anonymous", waitedMs: 58_000 }]);
  });

  it("without a deadline a call waits at most maxWaitMs", async () => {
    const { clock, governor, starts, info, exchange } = setup({}, { maxWaitMs: 10_000 });
    for (let i = 0; i < 5; i++) await governor.wrap(info(), exchange());
    clock.t = 500;
    const waited = governor.wrap(info(), exchange());
    await clock.settle();
    expect(await waited).toBe("answer");
    expect(starts.at(-1)).toBe(1000);
    const long = setup({}, { maxWaitMs: 10_000, windowMs: 60_000 });
    for (let i = 0; i < 5; i++) await long.governor.wrap(long.info(), long.exchange());
    const error = await failure(long.governor.wrap(long.info(), long.exchange()));
    expect(error.retryAfterSeconds).toBe(60);
  });

  it("callers in line are told their own place: the one whose slot comes after its deadline fails at once", async () => {
    const { clock, governor, starts, info, exchange } = setup({}, { windowMs: 60_000 });
    // Ends at 0, 1000, 2000, 3000, 4000; their slots free a minute later.
    const running = Array.from({ length: 5 }, (_, i) => governor.wrap(info(), exchange(1000 * i)));
    await clock.settle();
    await Promise.all(running);
    clock.t = 10_000;
    const first = governor.wrap(info({ deadline: 70_000 }), exchange());
    const second = governor.wrap(info({ deadline: 70_000 }), exchange());
    // Its slot is the third to free (at 2000 + 60 000, 52 s away), after its deadline; the first
    // slot to free would have been in time, but the two ahead of it take the first two.
    const third = governor.wrap(info({ deadline: 61_500 }), exchange());
    const error = await failure(third);
    expect(error.retryAfterSeconds).toBe(52);
    expect(clock.t).toBe(10_000);
    await clock.settle();
    expect(await Promise.all([first, second])).toEqual(["answer", "answer"]);
    expect(starts.slice(5)).toEqual([60_000, 61_000]);
  });

  it("cancelling the request ends its wait, and it is not counted", async () => {
    const { clock, governor, starts, info, exchange } = setup({}, { windowMs: 60_000 });
    for (let i = 0; i < 5; i++) await governor.wrap(info(), exchange());
    const controller = new AbortController();
    const pending = failure(governor.wrap(info({ deadline: 100_000, signal: controller.signal }), exchange()));
    await clock.settle(30_000);
    controller.abort();
    const error = await pending;
    expect(error.code).toBe("UPSTREAM_TIMEOUT");
    expect(error.message).toBe("yunzhenji wechat/list was not called: the request was cancelled");
    expect(clock.t).toBe(30_000);
    expect(starts).toHaveLength(5);
  });

  it("a vendor without a quota is never held back", async () => {
    const { clock, governor, starts, waits, info, exchange } = setup({ perMinute: null });
    await Promise.all(Array.from({ length: 1000 }, () => governor.wrap(info(), exchange())));
    expect(starts).toHaveLength(1000);
    expect(clock.t).toBe(0);
    expect(waits).toEqual([]);
  });
});

describe("the vendor's own rate-limit answer", () => {
  it("pauses every call to that vendor for its default pause, and the error says when to come back", async () => {
    const { clock, governor, starts, info, exchange, logger } = setup({ perMinute: null }, { windowMs: 60_000 });
    const said = await failure(
      governor.wrap(info(), async () => {
        throw rateLimited407();
      }),
    );
    expect(said.vendorCode).toBe(407);
    expect(said.retryAfterSeconds).toBe(60);
    expect(logger.lines.filter((l) => l.level === "warn").map((l) => l.msg)).toEqual(["yunzhenji says we are rate limited; no calls to it for 60 s"]);
    clock.t = 1000;
    const refused = await failure(governor.wrap(info({ deadline: 10_000 }), exchange()));
    expect(refused.message).toBe("yunzhenji wechat/list was not called: yunzhenji said we are rate limited and its pause outlasts this request's deadline");
    expect(refused.retryAfterSeconds).toBe(59);
    const patient = governor.wrap(info({ deadline: 70_000 }), exchange());
    await clock.settle();
    expect(await patient).toBe("answer");
    expect(starts).toEqual([60_000]);
  });

  it("an HTTP 429's Retry-After sets the pause", async () => {
    const { clock, governor, starts, info, exchange } = setup();
    const error = new UpstreamError({ vendor: "yunzhenji", endpoint: "wechat/list", code: "UPSTREAM_RATE_LIMITED", message: "HTTP 429", status: 429, retryAfterSeconds: 7 });
    await failure(governor.wrap(info(), () => Promise.reject(error)));
    expect(error.retryAfterSeconds).toBe(7);
    const after = governor.wrap(info({ deadline: 60_000 }), exchange());
    await clock.settle();
    await after;
    expect(starts).toEqual([7000]);
  });

  it("pauses only the vendor that said so", async () => {
    const clock = virtualClock(0);
    const governor = new QuotaGovernor({
      vendors: quotaLimits({ yunzhenji: {}, directory: {} }),
      backend: new MemoryQuotaBackend(clock),
      clock,
    });
    const at = (vendor: Vendor): ExchangeInfo => ({ vendor, endpoint: "x", call: { deadline: 5000 } });
    const directory45009 = new UpstreamError({ vendor: "directory", endpoint: "getUser", code: "UPSTREAM_RATE_LIMITED", message: "45009", vendorCode: 45009 });
    await failure(governor.wrap(at("directory"), () => Promise.reject(directory45009)));
    expect(directory45009.retryAfterSeconds).toBe(30);
    expect(await governor.wrap(at("yunzhenji"), async () => "ok")).toBe("ok");
    expect((await failure(governor.wrap(at("directory"), async () => "ok"))).retryAfterSeconds).toBe(30);
  });
});

describe("concurrency", () => {
  it("keeps at most `concurrency` calls in flight, first come first served", async () => {
    const { clock, governor, starts, waits, info, exchange } = setup({ perMinute: null, concurrency: 2 });
    const calls = Array.from({ length: 5 }, () => governor.wrap(info({ deadline: 10_000 }), exchange(100)));
    await clock.settle();
    await Promise.all(calls);
    expect(starts).toEqual([0, 0, 100, 100, 200]);
    expect(waits.map((w) => w.waitedMs)).toEqual([100, 100, 200]);
  });

  it("a call that gets no slot before its deadline fails with UPSTREAM_RATE_LIMITED", async () => {
    const { clock, governor, info, exchange } = setup({ perMinute: null, concurrency: 1 });
    const busy = governor.wrap(info(), exchange(5000));
    const late = failure(governor.wrap(info({ deadline: 1000 }), exchange()));
    await clock.settle(2000);
    const error = await late;
    expect(error.message).toBe("yunzhenji wechat/list was not called: all 1 calls to yunzhenji this replica may have in flight stayed busy until this request's deadline");
    expect(error.retryAfterSeconds).toBe(1);
    await clock.settle();
    await busy;
  });
});

describe("settings", () => {
  it("yunzhenji has 500 a minute unless configured; the others no quota; a vendor that is off has no limits", () => {
    expect(quotaLimits({ yunzhenji: {}, shiheng: {}, directory: { quota: { perMinute: 600 }, concurrency: 4, timeoutMs: 3000 } })).toEqual({
      yunzhenji: { perMinute: 500, concurrency: null, timeoutMs: 5000 },
      shiheng: { perMinute: null, concurrency: null, timeoutMs: 5000 },
      directory: { perMinute: 600, concurrency: 4, timeoutMs: 3000 },
    });
    expect(quotaLimits({ yunzhenji: { quota: { perMinute: 100 } } }).yunzhenji!.perMinute).toBe(100);
  });

  it("bad tuning is refused at construction, naming the value", () => {
    const clock = virtualClock(0);
    expect(() => new QuotaGovernor({ vendors: {}, backend: new MemoryQuotaBackend(clock), clock, windowMs: 0 })).toThrow(
      "quota: windowMs must be a number of milliseconds >= 1, got 0",
    );
  });
});
