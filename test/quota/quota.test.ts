// The quota end to end: apps over real simulators, hammered, with every request's arrival counted
// at the simulator. The minute is scaled down (perMinute 30 in a 3 s window; the benchmark
// `npm run bench:quota` runs the real minute). Replicas share a real redis-server.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startRedisServer, type RedisServer } from "../helpers/redisServer.js";
import { ACCOUNTS_PAGE, hammer, loggedSimulators, startReplicas, type LoggedSimulators } from "../helpers/replicas.js";
import { maxInWindow } from "../helpers/windows.js";
import { sleep } from "../helpers/sleep.js";

const WINDOW = 3000;
const PER_WINDOW = 30;

let sim: LoggedSimulators;
let redis: RedisServer;
beforeAll(async () => {
  [sim, redis] = await Promise.all([loggedSimulators({ size: "small" }), startRedisServer()]);
});
afterAll(async () => {
  await Promise.all([sim?.close(), redis?.stop()]);
});
beforeEach(() => {
  sim.reset();
  sim.forget();
});

let prefixes = 0;
const keyPrefix = () => `quota-test-${++prefixes}:`;
// A short operation deadline: a call waits for budget only while the wait fits inside it.
const withYunzhenjiQuota = (perMinute: number) => (c: any) => ({
  ...c,
  limits: { requestTimeoutMs: 2500 },
  vendors: { ...c.vendors, yunzhenji: { ...c.vendors.yunzhenji, quota: { perMinute } } },
});

describe("the sliding window, hammered", () => {
  it("one replica: never more than perMinute yunzhenji calls in any window", async () => {
    const { replicas, close } = startReplicas(sim, { count: 1, config: withYunzhenjiQuota(PER_WINDOW), deps: { quota: { windowMs: WINDOW, maxWaitMs: 1500, pollMs: 200 } } });
    try {
      const [result] = await hammer(replicas, ACCOUNTS_PAGE, 7000, 8);
      const arrivals = sim.arrivals("yunzhenji");
      // The token fetch counts against the quota too: the vendor's limit is per user, not per endpoint.
      expect(sim.arrivals("yunzhenji", "oauth/token")).toHaveLength(1);
      expect(maxInWindow(arrivals, WINDOW)).toBe(PER_WINDOW);
      // Saturated: the window slid and budget was used again (at least two windows' worth).
      expect(arrivals.length).toBeGreaterThanOrEqual(2 * PER_WINDOW);
      // Every list call that reached the vendor was answered, but for one the deadline cut in flight
      // (the machine is busy serving the hammer's refusals).
      const lists = sim.arrivals("yunzhenji", "wechat/list").length;
      expect(lists).toBeGreaterThanOrEqual(result!.ok);
      expect(lists).toBeLessThanOrEqual(result!.ok + (result!.errors["UPSTREAM_TIMEOUT"] ?? 0));
      expect(Object.keys(result!.errors).filter((code) => code !== "UPSTREAM_TIMEOUT")).toEqual(["UPSTREAM_RATE_LIMITED"]);
      expect(Math.min(...result!.retryAfterSeconds)).toBeGreaterThanOrEqual(1);
      expect(Math.max(...result!.retryAfterSeconds)).toBeLessThanOrEqual(WINDOW / 1000 + 6);
    } finally {
      await close();
    }
  });

  it("two replicas sharing Redis: together never more than perMinute in any window, counted at the simulator", async () => {
    const prefix = keyPrefix();
    const { replicas, close } = startReplicas(sim, {
      count: 2,
      redis: { url: redis.url, keyPrefix: prefix },
      config: withYunzhenjiQuota(PER_WINDOW),
      deps: { quota: { windowMs: WINDOW, maxWaitMs: 1500, pollMs: 200 } },
    });
    try {
      const results = await hammer(replicas, ACCOUNTS_PAGE, 7000, 8);
      const arrivals = sim.arrivals("yunzhenji");
      expect(sim.arrivals("yunzhenji", "oauth/token")).toHaveLength(1);
      expect(maxInWindow(arrivals, WINDOW)).toBe(PER_WINDOW);
      expect(arrivals.length).toBeGreaterThanOrEqual(2 * PER_WINDOW);
      // Both replicas were served, and no call reached the vendor beyond what they answered.
      expect(results[0]!.ok).toBeGreaterThan(0);
      expect(results[1]!.ok).toBeGreaterThan(0);
      const lists = sim.arrivals("yunzhenji", "wechat/list").length;
      const ok = results[0]!.ok + results[1]!.ok;
      const cut = (results[0]!.errors["UPSTREAM_TIMEOUT"] ?? 0) + (results[1]!.errors["UPSTREAM_TIMEOUT"] ?? 0);
      expect(lists).toBeGreaterThanOrEqual(ok);
      expect(lists).toBeLessThanOrEqual(ok + cut);
      expect(Object.keys({ ...results[0]!.errors, ...results[1]!.errors }).filter((code) => code !== "UPSTREAM_TIMEOUT")).toEqual(["UPSTREAM_RATE_LIMITED"]);
      // The shared window lives in Redis under the configured prefix.
      expect(await redis.client.exists(`${prefix}quota:yunzhenji:calls`)).toBe(1);
    } finally {
      await close();
    }
  });
});

describe("the vendor's own rate-limit answer pauses every replica", () => {
  it("while yunzhenji answers 407, no call reaches it until the pause has passed; then calls resume", async () => {
    const { replicas, close } = startReplicas(sim, {
      count: 2,
      redis: { url: redis.url, keyPrefix: keyPrefix() },
      // The pause outlasts the operation's deadline, so a call is refused at once rather than wait.
      config: (c: any) => ({ ...c, limits: { requestTimeoutMs: 1000 } }),
      deps: { quota: { pauseMs: { yunzhenji: 1500 }, maxWaitMs: 100 } },
    });
    const [a, b] = replicas as [(typeof replicas)[0], (typeof replicas)[0]];
    try {
      expect((await a.query(ACCOUNTS_PAGE)).errors).toBeUndefined();
      expect((await b.query(ACCOUNTS_PAGE)).errors).toBeUndefined();
      sim.forget();
      sim.setKnobs({ yunzhenji: { forceError: "407" } });
      const said = await a.query(ACCOUNTS_PAGE);
      expect(said.errors![0]!.extensions).toMatchObject({ code: "UPSTREAM_RATE_LIMITED", vendor: "yunzhenji", vendorCode: 407, retryAfterSeconds: 2 });
      const refused = sim.arrivals("yunzhenji")[0]!;
      expect(sim.arrivals("yunzhenji")).toHaveLength(1);
      // The other replica knows at once, and says when to come back.
      const other = await b.query(ACCOUNTS_PAGE);
      expect(other.errors![0]!.message).toBe("yunzhenji wechat/list was not called: yunzhenji said we are rate limited and its pause outlasts this request's deadline");
      expect(other.errors![0]!.extensions!["retryAfterSeconds"]).toBe(2);
      // Both keep asking, the vendor keeps refusing: only after the pause does a call go out.
      await hammer(replicas, ACCOUNTS_PAGE, 2500, 2);
      const after = sim.arrivals("yunzhenji").slice(1);
      expect(after.length).toBeGreaterThan(0);
      expect(after.filter((t) => t - refused < 1500)).toEqual([]);
      // Once it answers again, so do we.
      sim.setKnobs({ yunzhenji: { forceError: null } });
      await sleep(1600);
      expect((await b.query(ACCOUNTS_PAGE)).errors).toBeUndefined();
      expect(a.logs.texts().join("\n")).toContain("yunzhenji says we are rate limited; no calls to it for 2 s");
    } finally {
      await close();
    }
  });

  it("an HTTP 429 pauses for its Retry-After, and a call whose deadline allows waits it out instead of failing", async () => {
    const employees = `query($c: String!) { corp(corpId: $c) { employees(first: 1) { totalCount } } }`;
    const corpId = sim.dataset.corps.find((c) => c.mapped)!.corpId;
    const waits: { vendor: string; waitedMs: number }[] = [];
    const { replicas, close } = startReplicas(sim, {
      count: 2,
      redis: { url: redis.url, keyPrefix: keyPrefix() },
      deps: { quota: { maxWaitMs: 3000 }, observer: { quotaWait: (e) => waits.push(e) } },
    });
    const [a, b] = replicas as [(typeof replicas)[0], (typeof replicas)[0]];
    try {
      sim.setKnobs({ shiheng: { forceError: "http429" } });
      const said = await a.query(employees, { c: corpId });
      // The simulator's Retry-After: 1 reaches the client.
      expect(said.errors![0]!.extensions).toMatchObject({ code: "UPSTREAM_RATE_LIMITED", vendor: "shiheng", retryAfterSeconds: 1 });
      const refused = sim.arrivals("shiheng")[0]!;
      sim.setKnobs({ shiheng: { forceError: null } });
      const waited = await b.query(employees, { c: corpId });
      expect(waited.errors).toBeUndefined();
      expect(sim.arrivals("shiheng")).toHaveLength(2);
      expect(sim.arrivals("shiheng")[1]! - refused).toBeGreaterThanOrEqual(1000);
      // The wait is reported for metrics (wecom_graph_quota_waits_total{vendor,client}).
      expect(waits).toHaveLength(1);
      expect(waits[0]!.vendor).toBe("shiheng");
      expect(waits[0]!.waitedMs).toBeGreaterThan(500);
    } finally {
      await close();
    }
  });
});

describe("when Redis is down", () => {
  it("requests go on under this replica's own limits, with one warning, and never hang", async () => {
    const own = await startRedisServer();
    const { replicas, close } = startReplicas(sim, {
      count: 1,
      redis: { url: own.url, keyPrefix: keyPrefix() },
      config: withYunzhenjiQuota(5),
      deps: { quota: { maxWaitMs: 100 } },
    });
    const [a] = replicas as [(typeof replicas)[0]];
    try {
      expect((await a.query(ACCOUNTS_PAGE)).errors).toBeUndefined();
      expect(sim.arrivals("yunzhenji")).toHaveLength(2); // the token, one page: counted in Redis
      await own.stop();
      // The replica's own window starts empty: 5 more, then its own quota refuses.
      for (let i = 0; i < 5; i++) expect((await a.query(ACCOUNTS_PAGE)).errors).toBeUndefined();
      const refused = await a.query(ACCOUNTS_PAGE);
      expect(refused.errors![0]!.message).toBe("yunzhenji wechat/list was not called: its quota of 5 calls a minute is spent and frees too late for this request");
      expect(sim.arrivals("yunzhenji", "wechat/list")).toHaveLength(6);
      const warnings = a.logs.lines.filter((l) => l.level === "warn" && l.msg?.startsWith("redis unavailable for"));
      expect(warnings.map((l) => l.msg)).toEqual(["redis unavailable for the vendor quotas; using this replica's own quota windows until it is back"]);
    } finally {
      await close();
    }
  });
});
