// `npm run bench:quota`: the quota governor against the simulators in real time, with the real
// minute and yunzhenji's default 500 calls a minute. Account queries hammer, over HTTP,
// 1. one replica (the quota in process),
// 2. two replicas sharing one real redis-server (started here, like the tests do),
// 3. one replica while the simulator answers every yunzhenji call with errcode 407,
// and the simulator's own request log (arrival times) gives the most yunzhenji calls in any 60 s.
// BENCH_QUOTA_SECONDS (90: longer than the window, so the window really slides),
// BENCH_QUOTA_407_SECONDS (20), BENCH_QUOTA_LOOPS (16 concurrent query loops per replica).
import { createServer, type Server } from "node:http";
import { benchInteger } from "./benchSettings.js";
import type { AddressInfo } from "node:net";
import { createApp } from "../src/server/app.js";
import { configSchema, type AppConfig } from "../src/server/config.js";
import { simulatorConfig } from "../src/simulators/simulatorConfig.js";
import { startSimulators, type SimRequestEvent } from "../src/simulators/startSimulators.js";
import { startRedisServer } from "../test/helpers/redisServer.js";

const seconds = benchInteger(process.env, "BENCH_QUOTA_SECONDS", 90, 1, 3_600);
const seconds407 = benchInteger(process.env, "BENCH_QUOTA_407_SECONDS", 20, 1, 3_600);
const loops = benchInteger(process.env, "BENCH_QUOTA_LOOPS", 16, 1, 1_000);
const WINDOW_MS = 60_000;
const QUERY = "{ accounts(first: 20) { totalCount edges { node { wxid online } } } }";

const log: SimRequestEvent[] = [];
const sim = await startSimulators({ onRequest: (e) => log.push(e) });
sim.setKnobs({ yunzhenji: { latencyMs: 10 } });
const base = simulatorConfig(sim.url, sim.dataset);

async function serve(config: AppConfig): Promise<{ url: string; close(): Promise<void> }> {
  const app = createApp(config);
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
await sim.close();
