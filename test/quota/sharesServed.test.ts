// Shares end to end, in real time with the real minute: apps over real simulators, clients known by
// their API keys, a batch client hammering `accounts` while an interactive client reads them every
// 2.5 s, on one replica and on two sharing a real redis-server; then a real server whose
// subscription pollers must go on polling while a batch client is busy. Every yunzhenji call is
// recorded as it is sent (the interactive client reads the online accounts, so its calls carry
// `online=1` and are told apart from the batch client's).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { FetchLike } from "../../src/core/FetchLike.js";
import { nodeHttpFetch } from "../../src/vendors/http/nodeHttpFetch.js";
import { startRedisServer, type RedisServer } from "../helpers/redisServer.js";
import { loggedSimulators, startReplicas, type LoggedSimulators, type Replica } from "../helpers/replicas.js";
import { startRealGraph } from "../helpers/server.js";
import { subscribeSse, until } from "../helpers/sse.js";
import { sleep } from "../helpers/sleep.js";
import type { GraphResult } from "../helpers/graph.js";

const KEYS = { "crm-web": "crm-web-key-000000000001", reports: "reports-key-000000000001" } as const;
type ClientName = keyof typeof KEYS;
const PER_MINUTE = 60;
const SHARE = 0.25;
const HAMMER_MS = 20_000;
/** What the batch client may make in 20 s at most (the bound: a share of the minute and of the 20 s past it). */
const BATCH_BOUND = SHARE * PER_MINUTE * (1 + HAMMER_MS / 60_000);

const BATCH_QUERY = "{ accounts(first: 1) { totalCount } }";
const INTERACTIVE_QUERY = "{ accounts(first: 1, online: true) { totalCount } }";

const withShares = (c: any) => ({
  ...c,
  auth: { apiKeys: Object.entries(KEYS).map(([name, key]) => ({ name, key })) },
  clients: { "crm-web": { priority: "interactive" }, reports: { priority: "batch", maxShare: SHARE } },
  vendors: { ...c.vendors, yunzhenji: { ...c.vendors.yunzhenji, quota: { perMinute: PER_MINUTE } } },
});

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

/** The yunzhenji list calls the apps send, as they send them. */
function recordingFetch(): { fetch: FetchLike; sent: { interactive: number; batch: number } } {
  const inner = nodeHttpFetch();
  const sent = { interactive: 0, batch: 0 };
  const fetch: FetchLike = (url, init) => {
    if (url.includes("/yunzhenji/wechat/list")) sent[url.includes("online=1") ? "interactive" : "batch"]++;
    return inner(url, init);
  };
  return { fetch, sent };
}

async function queryAs(replica: Replica, client: ClientName, query: string): Promise<GraphResult> {
  const res = await replica.app.fetch("http://graph.test/graphql", {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/graphql-response+json", authorization: `Bearer ${KEYS[client]}` },
    body: JSON.stringify({ query }),
  });
  return (await res.json()) as GraphResult;
}

interface Tally {
  ok: number;
  refused: number;
  errors: unknown[];
  retryAfterSeconds: number[];
}

/** The batch client: `loops` query loops on each replica, as fast as answers come, for `ms`. */
async function hammerAsBatch(replicas: readonly Replica[], loops: number, ms: number): Promise<Tally> {
  const tally: Tally = { ok: 0, refused: 0, errors: [], retryAfterSeconds: [] };
  const stopAt = Date.now() + ms;
  await Promise.all(
    replicas.flatMap((replica) =>
      Array.from({ length: loops }, async () => {
        while (Date.now() < stopAt) {
          // In process, a refusal never leaves the microtask queue: a client over the network would
          // let the event loop (the simulators, the answers of calls in flight) run in between.
          await new Promise((resolve) => setImmediate(resolve));
          const res = await queryAs(replica, "reports", BATCH_QUERY);
          if (!res.errors) tally.ok++;
          else if (res.errors.every((e) => e.extensions?.["code"] === "UPSTREAM_RATE_LIMITED")) {
            tally.refused++;
            tally.retryAfterSeconds.push(res.errors[0]!.extensions!["retryAfterSeconds"]);
          } else tally.errors.push(res.errors);
        }
      }),
    ),
  );
  return tally;
}

/** The interactive client: one read every 2.5 s for `ms`, taking turns over the replicas. */
async function readEvery2500(replicas: readonly Replica[], ms: number): Promise<GraphResult[]> {
  const answers: GraphResult[] = [];
  const started = Date.now();
  for (let i = 0; i * 2500 < ms; i++) {
    const wait = started + i * 2500 - Date.now();
    if (wait > 0) await sleep(wait);
    answers.push(await queryAs(replicas[i % replicas.length]!, "crm-web", INTERACTIVE_QUERY));
  }
  return answers;
}

async function hammeredFor20s(replicas: Replica[], sent: { interactive: number; batch: number }, loops: number) {
  // The yunzhenji token is fetched before the clock starts, as on a replica that has served before.
  expect((await queryAs(replicas[0]!, "crm-web", INTERACTIVE_QUERY)).errors).toBeUndefined();
  sent.interactive = 0;
  sent.batch = 0;
  sim.forget();
  const [batch, reads] = await Promise.all([hammerAsBatch(replicas, loops, HAMMER_MS), readEvery2500(replicas, HAMMER_MS)]);
  // The interactive client was never refused, and each of its reads was one call.
  expect(reads.length).toBe(8);
  expect(reads.filter((r) => r.errors)).toEqual([]);
  expect(sent.interactive).toBe(8);
  // The batch client: within its share, 15 of the minute's 60, and less: a batch call is let in only
  // while the window holds fewer than 15 calls of anyone, and the token and the first read (2) are
  // in it from the start. Each of its calls was an answer; the rest were refused with a time to
  // come back.
  expect(sent.batch).toBeLessThanOrEqual(BATCH_BOUND);
  expect(sent.batch).toBeLessThanOrEqual(SHARE * PER_MINUTE - 2);
  expect(sent.batch).toBeGreaterThanOrEqual(SHARE * PER_MINUTE - 2 - 8);
  expect(batch.ok).toBe(sent.batch);
  expect(batch.errors).toEqual([]);
  expect(batch.refused).toBeGreaterThan(0);
  expect(Math.min(...batch.retryAfterSeconds)).toBeGreaterThanOrEqual(40);
  expect(Math.max(...batch.retryAfterSeconds)).toBeLessThanOrEqual(60);
  // What the vendor saw is what was sent, and never more than the quota.
  expect(sim.arrivals("yunzhenji", "wechat/list")).toHaveLength(sent.batch + sent.interactive);
  expect(sim.arrivals("yunzhenji", "oauth/token")).toHaveLength(0);
  return batch;
}

describe("a batch client hammering accounts for 20 s (yunzhenji 60 a minute, maxShare 0.25)", () => {
  it("one replica: the batch client makes at most its share, the interactive client is never refused", { timeout: 60_000 }, async () => {
    const { fetch, sent } = recordingFetch();
    const { replicas, close } = startReplicas(sim, { count: 1, config: withShares, deps: { fetch } });
    try {
      const batch = await hammeredFor20s(replicas, sent, 4);
      const refusal = (await queryAs(replicas[0]!, "reports", BATCH_QUERY)).errors![0]!;
      expect(refusal.message).toBe(
        "yunzhenji wechat/list was not called: the part of its quota batch clients may use (15 of 60 calls a minute; the rest is kept for interactive clients) is spent and frees too late for this request",
      );
      expect(refusal.extensions).toMatchObject({ code: "UPSTREAM_RATE_LIMITED", vendor: "yunzhenji" });
      expect(batch.ok).toBeGreaterThan(0);
      // /metrics: the window as this replica last saw it.
      const metrics = await (await replicas[0]!.app.fetch("http://graph.test/metrics")).text();
      const used = Number(/^wecom_graph_quota_window_used_ratio\{vendor="yunzhenji"\} (\S+)$/m.exec(metrics)?.[1]);
      // Every call of the window: the token, the first read, then the batch and interactive calls.
      expect(used).toBeCloseTo((2 + sent.batch + sent.interactive) / PER_MINUTE, 5);
    } finally {
      await close();
    }
  });

  it("two replicas sharing Redis: the same, together", { timeout: 60_000 }, async () => {
    const { fetch, sent } = recordingFetch();
    const prefix = `shares-test-${Date.now()}:`;
    const { replicas, close } = startReplicas(sim, { count: 2, redis: { url: redis.url, keyPrefix: prefix }, config: withShares, deps: { fetch } });
    try {
      const batch = await hammeredFor20s(replicas, sent, 2);
      expect(batch.ok).toBeGreaterThan(0);
      // Counted in Redis: all calls, batch calls, the batch client's calls.
      expect(await redis.client.zcard(`${prefix}quota:yunzhenji:batch`)).toBe(sent.batch);
      expect(await redis.client.zcard(`${prefix}quota:yunzhenji:batch:reports`)).toBe(sent.batch);
      expect(await redis.client.zcard(`${prefix}quota:yunzhenji:calls`)).toBe(2 + sent.batch + sent.interactive);
    } finally {
      await close();
    }
  });
});

describe("subscriptions while a batch client is busy", () => {
  it("the pollers (client live) keep polling and every change arrives, while the batch client is refused", { timeout: 60_000 }, async () => {
    const g = await startRealGraph({ sim: { size: "small" }, config: (raw) => ({ ...withShares(raw), live: { pollSeconds: 0.5 } }) });
    const auth = (client: ClientName) => ({ authorization: `Bearer ${KEYS[client]}` });
    try {
      const corp = g.sim.dataset.corps.find((c) => c.mapped)!;
      const account = g.sim.dataset.accounts.find((a) => a.yzjCorpId === corp.yzjCorpId && a.online === 1)!;
      const s = await subscribeSse(g.server.graphqlUrl, `subscription($c: String) { accountStatusChanged(corpId: $c) { wxid online } }`, { c: corp.corpId }, { headers: auth("crm-web") });
      expect(s.status).toBe(200);
      await until(() => g.logs.some((l) => l.msg === "live poller took its baseline"), "the baseline");
      // The batch client spends its share at once, then is refused for the rest of the minute.
      let refused = 0;
      let stop = false;
      const hammering = Promise.all(
        Array.from({ length: 4 }, async () => {
          while (!stop) {
            const res = await g.post(BATCH_QUERY, {}, { headers: auth("reports") });
            if (res.body.errors?.[0]?.extensions?.code === "UPSTREAM_RATE_LIMITED") refused++;
          }
        }),
      );
      try {
        await until(() => refused > 0, "the batch client's share to be spent");
        const polls = g.sim.stats().yunzhenji["wechat/list"];
        for (const online of [false, true]) {
          await fetch(`${g.sim.url}/__world`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ account: { id: account.id, online } }) });
          expect(await s.next(5000)).toEqual({ data: { accountStatusChanged: { wxid: account.wxid, online } } });
        }
        // It went on polling meanwhile (each poll of the small world is one list call).
        expect(g.sim.stats().yunzhenji["wechat/list"] - polls).toBeGreaterThanOrEqual(2);
      } finally {
        stop = true;
        await hammering;
        s.close();
      }
      expect(refused).toBeGreaterThan(0);
      expect(g.logs.filter((l) => l.msg?.startsWith("live poll failed"))).toEqual([]);
    } finally {
      await g.close();
    }
  });
});
