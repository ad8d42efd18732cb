// `npm run bench:quota`: the quota governor against the simulators in real time, with the real
// minute and yunzhenji's default 500 calls a minute. Account queries hammer, over HTTP,
// 1. one replica (the quota in process),
// 2. two replicas sharing one real redis-server (started here, like the tests do),
// 3. one replica while the simulator answers every yunzhenji call with errcode 407,
// and the simulator's own request log (arrival times) gives the most yunzhenji calls in any 60 s;
// 4. shares (README, Sharing the vendors' quotas): an interactive client reading accounts at a
//    steady pace beside a client hammering them, first both interactive, then the hammering one a
//    batch client with maxShare 0.25; side by side, each client's answers, refusals and vendor
//    calls a minute (told apart as they are sent: the interactive client reads online accounts).
// BENCH_QUOTA_SECONDS (90: longer than the window, so the window really slides),
// BENCH_QUOTA_407_SECONDS (20), BENCH_QUOTA_LOOPS (16 concurrent query loops per replica),
// BENCH_QUOTA_SHARES_SECONDS (60 per run of phase 4), BENCH_QUOTA_INTERACTIVE_PER_SECOND (4).
import { createServer, type Server } from "node:http";
import { benchInteger } from "./benchSettings.js";
import type { AddressInfo } from "node:net";
import type { FetchLike } from "../src/core/FetchLike.js";
import { nodeHttpFetch } from "../src/vendors/http/nodeHttpFetch.js";
import { createApp } from "../src/server/app.js";
import { configSchema, type AppConfig } from "../src/server/config.js";
import { simulatorConfig } from "../src/simulators/simulatorConfig.js";
import { startSimulators, type SimRequestEvent } from "../src/simulators/startSimulators.js";
import { startRedisServer } from "../test/helpers/redisServer.js";

const seconds = benchInteger(process.env, "BENCH_QUOTA_SECONDS", 90, 1, 3_600);
const seconds407 = benchInteger(process.env, "BENCH_QUOTA_407_SECONDS", 20, 1, 3_600);
const loops = benchInteger(process.env, "BENCH_QUOTA_LOOPS", 16, 1, 1_000);
const sharesSeconds = benchInteger(process.env, "BENCH_QUOTA_SHARES_SECONDS", 60, 1, 3_600);
const interactivePerSecond = benchInteger(process.env, "BENCH_QUOTA_INTERACTIVE_PER_SECOND", 4, 1, 1_000);
const WINDOW_MS = 60_000;
const QUERY = "{ accounts(first: 20) { totalCount edges { node { wxid online } } } }";

const log: SimRequestEvent[] = [];
const sim = await startSimulators({ onRequest: (e) => log.push(e) });
sim.setKnobs({ yunzhenji: { latencyMs: 10 } });
const base = simulatorConfig(sim.url, sim.dataset);

async function serve(config: AppConfig, fetch?: FetchLike): Promise<{ url: string; close(): Promise<void> }> {
  const app = createApp(config, fetch ? { fetch } : {});
  const server: Server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await app.dispose();
    },
  };
}

interface Tally {
  queries: number;
  ok: number;
  /** Answered queries per replica. */
  okBy: number[];
  errors: Map<string, number>;
  latencies: number[];
}

async function hammer(urls: string[], ms: number): Promise<Tally> {
  const tally: Tally = { queries: 0, ok: 0, okBy: urls.map(() => 0), errors: new Map(), latencies: [] };
  const stopAt = Date.now() + ms;
  const body = JSON.stringify({ query: QUERY });
  await Promise.all(
    urls.flatMap((url, replica) =>
      Array.from({ length: loops }, async () => {
        while (Date.now() < stopAt) {
          const t = performance.now();
          const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body });
          const json = (await res.json()) as { errors?: { extensions?: { code?: string; vendorCode?: number } }[] };
          tally.latencies.push(performance.now() - t);
          tally.queries++;
          if (!json.errors) {
            tally.ok++;
            tally.okBy[replica]!++;
          }
          for (const e of json.errors ?? []) {
            const key = `${e.extensions?.code}${e.extensions?.vendorCode === undefined ? "" : ` (vendor ${e.extensions.vendorCode})`}`;
            tally.errors.set(key, (tally.errors.get(key) ?? 0) + 1);
          }
        }
      }),
    ),
  );
  return tally;
}

/** The most arrivals within any span shorter than the window. */
function maxInWindow(times: number[]): number {
  const sorted = [...times].sort((a, b) => a - b);
  let best = 0;
  for (let first = 0, last = 0; last < sorted.length; last++) {
    while (sorted[last]! - sorted[first]! >= WINDOW_MS) first++;
    best = Math.max(best, last - first + 1);
  }
  return best;
}

const pct = (xs: number[], p: number) => xs.slice().sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))] ?? 0;

async function phase(name: string, urls: string[], ms: number): Promise<void> {
  log.splice(0);
  const started = Date.now();
  const tally = await hammer(urls, ms);
  const list = log.filter((e) => e.vendor === "yunzhenji" && e.endpoint === "wechat/list").map((e) => e.at);
  const all = log.filter((e) => e.vendor === "yunzhenji").map((e) => e.at);
  const took = (Date.now() - started) / 1000;
  console.log(`\n${name}: ${urls.length} replica(s) x ${loops} loops, ${took.toFixed(0)} s`);
  console.log(`  queries ${tally.queries} (${(tally.queries / took).toFixed(0)}/s), answered ${tally.ok}${urls.length > 1 ? ` (${tally.okBy.join(" + ")})` : ""}, p50 ${pct(tally.latencies, 50).toFixed(1)} ms, p99 ${pct(tally.latencies, 99).toFixed(1)} ms`);
  console.log(`  errors: ${[...tally.errors].map(([k, n]) => `${k} x${n}`).join(", ") || "none"}`);
  console.log(`  yunzhenji wechat/list calls: ${list.length} in all, at most ${maxInWindow(list)} in any 60 s window`);
  console.log(`  yunzhenji calls of any endpoint (token included): ${all.length}, at most ${maxInWindow(all)} in any 60 s window`);
  const perMinute = [];
  for (let t = started; t < started + ms; t += WINDOW_MS) perMinute.push(list.filter((a) => a >= t && a < t + WINDOW_MS).length);
  console.log(`  list calls per minute from the start: ${perMinute.join(", ")}`);
}

console.log(`wecom-graph quota bench: yunzhenji quota ${500}/min (the default), +10 ms simulator latency, query ${QUERY}`);

const one = await serve(configSchema.parse(base));
await phase("1. one replica, quota in process", [one.url], seconds * 1000);
await one.close();

let redis: Awaited<ReturnType<typeof startRedisServer>> | null = null;
try {
  redis = await startRedisServer();
} catch (error) {
  console.log(`\n2. skipped: no redis-server (${(error as Error).message}); apt-get install -y redis-server`);
}
if (redis) {
  const shared = configSchema.parse({ ...base, redis: { url: redis.url, keyPrefix: "bench-quota:" } });
  const [a, b] = await Promise.all([serve(shared), serve(shared)]);
  await phase("2. two replicas sharing one redis-server", [a.url, b.url], seconds * 1000);
  await Promise.all([a.close(), b.close()]);
  await redis.stop();
}

sim.reset();
sim.setKnobs({ yunzhenji: { latencyMs: 10 } });
const limited = await serve(configSchema.parse(base));
// With a token already held, as a busy replica would be: then the list calls are what is refused.
await fetch(limited.url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query: QUERY }) });
sim.setKnobs({ yunzhenji: { forceError: "407" } });
await phase("3. one replica while yunzhenji answers every call with errcode 407", [limited.url], seconds407 * 1000);
await limited.close();

// 4. Shares.
const KEYS = { "crm-web": "bench-crm-web-key-0000001", reports: "bench-reports-key-0000001" } as const;
const INTERACTIVE_QUERY = "{ accounts(first: 20, online: true) { totalCount edges { node { wxid online } } } }";

interface ClientTally {
  answered: number;
  refused: number;
  /** Other errors, by code. */
  failed: Map<string, number>;
  /** yunzhenji list calls sent for this client. */
  calls: number;
}

async function ask(url: string, key: string, query: string, tally: ClientTally): Promise<void> {
  const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${key}` }, body: JSON.stringify({ query }) });
  const json = (await res.json()) as { errors?: { extensions?: { code?: string } }[] };
  if (!json.errors) tally.answered++;
  else if (json.errors.every((e) => e.extensions?.code === "UPSTREAM_RATE_LIMITED")) tally.refused++;
  else for (const e of json.errors) tally.failed.set(e.extensions?.code ?? "?", (tally.failed.get(e.extensions?.code ?? "?") ?? 0) + 1);
}

async function sharesRun(reports: { priority: "interactive" } | { priority: "batch"; maxShare: number }): Promise<{ interactive: ClientTally; batch: ClientTally }> {
  const newTally = (): ClientTally => ({ answered: 0, refused: 0, failed: new Map(), calls: 0 });
  const interactive = newTally();
  const batch = newTally();
  const inner = nodeHttpFetch();
  // Each yunzhenji list call, counted for its client as the graph sends it.
  const recording: FetchLike = (url, init) => {
    if (url.includes("/yunzhenji/wechat/list")) (url.includes("online=1") ? interactive : batch).calls++;
    return inner(url, init);
  };
  const config = configSchema.parse({
    ...base,
    auth: { apiKeys: Object.entries(KEYS).map(([name, key]) => ({ name, key })) },
    clients: { "crm-web": { priority: "interactive" }, reports },
  });
  sim.reset();
  sim.setKnobs({ yunzhenji: { latencyMs: 10 } });
  // A server of its own: its quota window starts empty (the simulators enforce no rate of their own).
  const server = await serve(config, recording);
  const stopAt = Date.now() + sharesSeconds * 1000;
  const steady = (async () => {
    const every = 1000 / interactivePerSecond;
    const started = Date.now();
    for (let i = 0; started + i * every < stopAt; i++) {
      const wait = started + i * every - Date.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      await ask(server.url, KEYS["crm-web"], INTERACTIVE_QUERY, interactive);
    }
  })();
  const hammering = Array.from({ length: loops }, async () => {
    while (Date.now() < stopAt) await ask(server.url, KEYS.reports, QUERY, batch);
  });
  await Promise.all([steady, ...hammering]);
  await server.close();
  return { interactive, batch };
}

console.log(
  `\n4. shares: crm-web (interactive) reads online accounts ${interactivePerSecond} times a second while reports hammers accounts with ${loops} loops, ${sharesSeconds} s per run, yunzhenji 500/min`,
);
const before = await sharesRun({ priority: "interactive" });
const after = await sharesRun({ priority: "batch", maxShare: 0.25 });
const perMinute = (calls: number) => ((calls * 60) / sharesSeconds).toFixed(0);
const row = (run: string, client: string, t: ClientTally) =>
  `${run.padEnd(34)}${client.padEnd(24)}${String(t.answered).padStart(10)}${String(t.refused).padStart(10)}${String(t.calls).padStart(18)}${perMinute(t.calls).padStart(12)}` +
  (t.failed.size ? `   other errors: ${[...t.failed].map(([k, n]) => `${k} x${n}`).join(", ")}` : "");
console.log(`${"".padEnd(34)}${"client".padEnd(24)}${"answered".padStart(10)}${"refused".padStart(10)}${"yunzhenji calls".padStart(18)}${"per minute".padStart(12)}`);
console.log(row("before shares (both interactive)", "crm-web (interactive)", before.interactive));
console.log(row("", "reports (interactive)", before.batch));
console.log(row("after shares", "crm-web (interactive)", after.interactive));
console.log(row("", "reports (batch, 0.25)", after.batch));
await sim.close();
