// PollerHub and subscriberStream on their own, with scripted watches: one poller per key however
// many subscribers, baseline before events, a failed poll skipped and logged, per-poll call
// options, and a stop (timer cleared, poll in flight aborted) when the last subscriber leaves.
import { afterEach, describe, expect, it } from "vitest";
import { PollerHub, type Subscriber } from "../../src/live/PollerHub.js";
import { MAX_QUEUED_EVENTS, subscriberStream, SubscriberOverflowError } from "../../src/live/subscriberStream.js";
import type { Watch } from "../../src/live/Watch.js";
import type { CallOptions } from "../../src/core/CallOptions.js";
import type { Logger } from "../../src/core/Logger.js";
import { UpstreamError } from "../../src/vendors/http/UpstreamError.js";
import { until } from "../helpers/sse.js";
import { sleep } from "../helpers/sleep.js";

const INTERVAL = 20;

interface Script {
  watch: Watch<number>;
  calls: { kind: "baseline" | "poll"; call: CallOptions }[];
  /** Events the next poll returns, or an error it throws. */
  queue: (number[] | Error)[];
}

function script(): Script {
  const s: Script = {
    calls: [],
    queue: [],
    watch: {
      async baseline(call) {
        s.calls.push({ kind: "baseline", call });
        const next = s.queue.shift();
        if (next instanceof Error) throw next;
      },
      async poll(call) {
        s.calls.push({ kind: "poll", call });
        const next = s.queue.shift() ?? [];
        if (next instanceof Error) throw next;
        return next;
      },
    },
  };
  return s;
}

function collector(): Subscriber<number> & { got: number[]; ended: boolean } {
  const c = { got: [] as number[], ended: false, next: (e: number) => void c.got.push(e), end: () => void (c.ended = true) };
  return c;
}

function capture(): Logger & { lines: { level: string; obj: object; msg?: string }[] } {
  const lines: { level: string; obj: object; msg?: string }[] = [];
  const at = (level: string) => (obj: object, msg?: string) => void lines.push({ level, obj, ...(msg ? { msg } : {}) });
  return { lines, debug: at("debug"), info: at("info"), warn: at("warn"), error: at("error") };
}

const hubs: PollerHub[] = [];
afterEach(() => {
  for (const hub of hubs.splice(0)) hub.close();
});
function hub(options: Partial<ConstructorParameters<typeof PollerHub>[0]> = {}): PollerHub {
  const h = new PollerHub({ intervalMs: INTERVAL, ...options });
  hubs.push(h);
  return h;
}

describe("PollerHub", () => {
  it("checks its options once, showing the bad value", () => {
    expect(() => new PollerHub({ intervalMs: 0 })).toThrow("PollerHub: intervalMs must be a positive number of milliseconds, got 0");
    expect(() => new PollerHub({ intervalMs: 10, pollDeadlineMs: Number.NaN })).toThrow("PollerHub: pollDeadlineMs must be a positive number of milliseconds, got NaN");
  });

  it("runs one poller per key for any number of subscribers; the baseline sends nothing; events reach every subscriber", async () => {
    const h = hub();
    const s = script();
    let created = 0;
    const create = () => (created++, s.watch);
    const a = collector();
    const b = collector();
    const other = collector();
    h.subscribe("corp1", create, a);
    h.subscribe("corp1", create, b);
    h.subscribe("corp2", () => script().watch, other);
    expect(created).toBe(1);
    expect(h.running()).toEqual(["corp1", "corp2"]);
    s.queue.push([], [7, 8]);
    await until(() => a.got.length === 2, "two events");
    expect(s.calls.map((c) => c.kind).slice(0, 3)).toEqual(["baseline", "poll", "poll"]);
    expect(a.got).toEqual([7, 8]);
    expect(b.got).toEqual([7, 8]);
    expect(other.got).toEqual([]);
  });

  it("stops when the last subscriber leaves: no further poll, the one in flight aborted, a new subscriber starts afresh", async () => {
    const logger = capture();
    const h = hub({ logger });
    let release: () => void = () => {};
    const calls: CallOptions[] = [];
    const watch: Watch<number> = {
      baseline: async () => {},
      poll: (call) => {
        calls.push(call);
        return new Promise<number[]>((resolve) => {
          release = () => resolve([1]);
        });
      },
    };
    const a = collector();
    const b = collector();
    const leaveA = h.subscribe("k", () => watch, a);
    const leaveB = h.subscribe("k", () => watch, b);
    await until(() => calls.length === 1, "a poll in flight");
    leaveA();
    leaveA();
    expect(h.running()).toEqual(["k"]);
    leaveB();
    expect(h.running()).toEqual([]);
    expect(calls[0]!.signal!.aborted).toBe(true);
    release();
    await sleep(INTERVAL * 4);
    expect(calls).toHaveLength(1);
    expect(a.got).toEqual([]);
    expect(logger.lines.filter((l) => l.level === "info").map((l) => [l.msg, l.obj])).toEqual([
      ["live poller started", { poller: "k", intervalMs: INTERVAL }],
      ["live poller stopped: its last subscriber left", { poller: "k" }],
    ]);

    const s = script();
    h.subscribe("k", () => s.watch, collector());
    await until(() => s.calls.length >= 1, "the new poller's baseline");
    expect(s.calls[0]!.kind).toBe("baseline");
  });

  it("gives each poll its own deadline (the interval, at least 10 s, or pollDeadlineMs), its poller's signal and the client live", async () => {
    let now = 0;
    const clock = { now: () => (now += 1000) };
    const s = script();
    hub({ clock }).subscribe("k", () => s.watch, collector());
    await until(() => s.calls.length >= 2, "two polls");
    const [first, second] = s.calls;
    expect([first!.call.deadline, second!.call.deadline]).toEqual([1000 + 10_000, 2000 + 10_000]);
    expect(second!.call.signal).toBe(first!.call.signal);
    expect(first!.call.signal!.aborted).toBe(false);
    // Charged to the graph's own interactive client (README, Sharing the vendors' quotas).
    expect([first!.call.client, second!.call.client]).toEqual([
      { name: "live", priority: "interactive", maxShare: null },
      { name: "live", priority: "interactive", maxShare: null },
    ]);

    const slow = script();
    hub({ intervalMs: 30_000, clock: { now: () => 5 } }).subscribe("k", () => slow.watch, collector());
    const tight = script();
    hub({ pollDeadlineMs: 500, clock: { now: () => 5 } }).subscribe("k", () => tight.watch, collector());
    await until(() => slow.calls.length === 1 && tight.calls.length === 1, "the baselines");
    expect(slow.calls[0]!.call.deadline).toBe(30_005);
    expect(tight.calls[0]!.call.deadline).toBe(505);
  });

  it("skips a failed poll with one log line and delivers what it missed with the next; a failed baseline is taken again", async () => {
    const logger = capture();
    const h = hub({ logger });
    const s = script();
    const down = new UpstreamError({ vendor: "yunzhong", endpoint: "getList", code: "UPSTREAM_ERROR", message: "yunzhong getList: HTTP 500" });
    s.queue.push(down, [], down, [5]);
    const c = collector();
    h.subscribe("k", () => s.watch, c);
    await until(() => c.got.length === 1, "the event after the failure");
    expect(s.calls.map((x) => x.kind).slice(0, 4)).toEqual(["baseline", "baseline", "poll", "poll"]);
    expect(c.got).toEqual([5]);
    expect(logger.lines.filter((l) => l.level === "warn")).toEqual([
      { level: "warn", obj: { poller: "k", code: "UPSTREAM_ERROR", vendor: "yunzhong", endpoint: "getList" }, msg: "live poll failed, the next poll catches up: yunzhong getList: HTTP 500" },
      { level: "warn", obj: { poller: "k", code: "UPSTREAM_ERROR", vendor: "yunzhong", endpoint: "getList" }, msg: "live poll failed, the next poll catches up: yunzhong getList: HTTP 500" },
    ]);
    expect(logger.lines.filter((l) => l.msg === "live poller took its baseline")).toHaveLength(1);
    expect(c.ended).toBe(false);
  });

  it("close() stops every poller and ends every subscription", async () => {
    const h = hub();
    const a = collector();
    const b = collector();
    h.subscribe("x", () => script().watch, a);
    h.subscribe("y", () => script().watch, b);
    h.close();
    expect(h.running()).toEqual([]);
    expect([a.ended, b.ended]).toEqual([true, true]);
  });
});

describe("subscriberStream", () => {
  function source() {
    const subscribers = new Set<Subscriber<number>>();
    let joins = 0;
    let leaves = 0;
    return {
      subscribers,
      counts: () => ({ joins, leaves }),
      join: (s: Subscriber<number>) => {
        joins++;
        subscribers.add(s);
        return () => {
          leaves++;
          subscribers.delete(s);
        };
      },
      emit: (e: number) => subscribers.forEach((s) => s.next(e)),
    };
  }

  it("joins at once, queues what arrives before it is read, keeps only accepted events, leaves on return()", async () => {
    const src = source();
    const stream = subscriberStream(src.join, (e) => e % 2 === 0, undefined);
    expect(src.counts()).toEqual({ joins: 1, leaves: 0 });
    src.emit(1);
    src.emit(2);
    src.emit(4);
    expect(await stream.next()).toEqual({ done: false, value: 2 });
    expect(await stream.next()).toEqual({ done: false, value: 4 });
    const pending = stream.next();
    src.emit(6);
    expect(await pending).toEqual({ done: false, value: 6 });
    await stream.return!();
    expect(src.counts()).toEqual({ joins: 1, leaves: 1 });
    expect(await stream.next()).toEqual({ done: true, value: undefined });
  });

  it("ends and leaves when the request's signal aborts, also while a reader waits", async () => {
    const src = source();
    const controller = new AbortController();
    const stream = subscriberStream(src.join, () => true, controller.signal);
    const pending = stream.next();
    controller.abort();
    expect(await pending).toEqual({ done: true, value: undefined });
    expect(src.counts()).toEqual({ joins: 1, leaves: 1 });
    const late = subscriberStream(src.join, () => true, controller.signal);
    expect(await late.next()).toEqual({ done: true, value: undefined });
    expect(src.counts()).toEqual({ joins: 2, leaves: 2 });
  });

  it("ends a client that fell too far behind with an error instead of queueing forever", async () => {
    const src = source();
    const stream = subscriberStream(src.join, () => true, undefined);
    for (let i = 0; i <= MAX_QUEUED_EVENTS; i++) src.emit(i);
    expect(src.counts().leaves).toBe(1);
    await expect(stream.next()).rejects.toBeInstanceOf(SubscriberOverflowError);
    expect(await stream.next()).toEqual({ done: true, value: undefined });
  });

  it("ends when the hub closes", async () => {
    const h = hub();
    const stream = subscriberStream<number>((s) => h.subscribe("k", () => script().watch, s), () => true, undefined);
    const pending = stream.next();
    h.close();
    expect(await pending).toEqual({ done: true, value: undefined });
  });
});
