// Whom a call shared by several requests is charged to, and how urgent it is (README, Sharing the
// vendors' quotas): charged to the request that started it, as urgent as its most urgent waiter
// (read live, as requests join and leave), and background work charged to the client `warm`.
import { describe, expect, it } from "vitest";
import { SharedCall } from "../../src/cache/SharedCall.js";
import type { CallClient } from "../../src/core/CallClient.js";
import { systemClock } from "../../src/core/Clock.js";

const reports: CallClient = { name: "reports", priority: "batch", maxShare: 0.25 };
const nightly: CallClient = { name: "nightly", priority: "batch", maxShare: 0.5 };
const crm: CallClient = { name: "crm-web", priority: "interactive", maxShare: null };
const giveUp = () => new Error("gave up");
/** The client's three fields as read now. */
const view = (c: CallClient | undefined) => c && { name: c.name, priority: c.priority, maxShare: c.maxShare };

/** A request waiting for the shared work; `leave()` cancels its wait. */
function join(shared: SharedCall, work: Promise<unknown>, client?: CallClient) {
  const controller = new AbortController();
  const waiting = shared.wait(work, { signal: controller.signal, ...(client ? { client } : {}) }, giveUp).catch(() => "left");
  return { waiting, leave: () => controller.abort() };
}

describe("a shared call's client", () => {
  it("is the starter's, as urgent as its most urgent waiter, read live", async () => {
    const shared = new SharedCall(systemClock);
    let finish!: (value: string) => void;
    const work = new Promise<string>((resolve) => (finish = resolve));
    const client = () => view(shared.options.client);
    const first = join(shared, work, reports);
    expect(client()).toEqual({ name: "reports", priority: "batch", maxShare: 0.25 });
    const other = join(shared, work, nightly);
    expect(client()).toEqual({ name: "reports", priority: "batch", maxShare: 0.25 });
    const urgent = join(shared, work, crm);
    expect(client()).toEqual({ name: "reports", priority: "interactive", maxShare: null });
    urgent.leave();
    await urgent.waiting;
    expect(client()).toEqual({ name: "reports", priority: "batch", maxShare: 0.25 });
    // A waiter without a client is interactive.
    const unnamed = join(shared, work);
    expect(client()!.priority).toBe("interactive");
    unnamed.leave();
    await unnamed.waiting;
    finish("answer");
    expect(await Promise.all([first.waiting, other.waiting])).toEqual(["answer", "answer"]);
  });

  it("started by an interactive request that left, waited for by batch requests only: batch, within the largest of their shares", async () => {
    const shared = new SharedCall(systemClock);
    const work = new Promise<string>(() => {});
    const starter = join(shared, work, crm);
    const a = join(shared, work, reports);
    const b = join(shared, work, nightly);
    expect(view(shared.options.client)).toEqual({ name: "crm-web", priority: "interactive", maxShare: null });
    starter.leave();
    await starter.waiting;
    expect(view(shared.options.client)).toEqual({ name: "crm-web", priority: "batch", maxShare: 0.5 });
    a.leave();
    b.leave();
    await Promise.all([a.waiting, b.waiting]);
  });

  it("started without a client: none, so the call is interactive and unnamed", () => {
    const shared = new SharedCall(systemClock);
    void join(shared, new Promise(() => {}), undefined);
    void join(shared, new Promise(() => {}), reports);
    expect(shared.options.client).toBeUndefined();
  });

  it("background work is charged to warm (interactive), whoever joins it", () => {
    const shared = new SharedCall(systemClock, { background: { deadline: Date.now() + 60_000 } });
    expect(view(shared.options.client)).toEqual({ name: "warm", priority: "interactive", maxShare: null });
    void join(shared, new Promise(() => {}), reports);
    expect(view(shared.options.client)).toEqual({ name: "warm", priority: "interactive", maxShare: null });
  });
});
