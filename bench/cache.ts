// `npm run bench:cache`: the cache on and off in one run. The graph runs in a child process (so
// its CPU time is measured alone, from /proc) over the simulators in this one, every vendor call
// taking BENCH_LATENCY_MS (20). For each mode it prints, for the S2 scenario (50 customers with
// their owner's directory profile, yunzhong serving 50 rows a page) and for a corp's accounts with
// their employee: requests per second, CPU-ms per request of the serving process, and vendor
// calls per minute per vendor; then what paging accounts with `employee { name }` costs per page.
// BENCH_SIZE (large|default|small), BENCH_LATENCY_MS (20), BENCH_SECONDS (10), BENCH_CONNECTIONS
// (16), BENCH_REDIS (auto|off: with redis-server installed, a third mode shares entries through it).
import { execFileSync, spawn, spawnSync, type ChildProcess } from "node:child_process";
import { benchInteger, benchSize } from "./benchSettings.js";
import { readFileSync } from "node:fs";
import autocannon from "autocannon";
import type { SizePreset } from "../src/simulators/dataset.js";
import { simulatorConfig } from "../src/simulators/simulatorConfig.js";
import { startSimulators, type SimStats } from "../src/simulators/startSimulators.js";
import { startRedisServer, type RedisServer } from "../test/helpers/redisServer.js";

const size = benchSize(process.env, "large");
const latencyMs = benchInteger(process.env, "BENCH_LATENCY_MS", 20, 0, 60_000);
const seconds = benchInteger(process.env, "BENCH_SECONDS", 10, 1, 3_600);
const connections = benchInteger(process.env, "BENCH_CONNECTIONS", 16, 1, 1_000);
const withRedis = process.env["BENCH_REDIS"] !== "off" && spawnSync("redis-server", ["--version"], { stdio: "ignore" }).status === 0;
const TICKS = Number(execFileSync("getconf", ["CLK_TCK"]).toString().trim()) || 100;

const TTL = { yunzhenji: 30, shiheng: 300, yunzhong: 30, directory: 600 };
const VENDORS = ["yunzhenji", "shiheng", "yunzhong", "directory"] as const;

const sim = await startSimulators({ size });
const d = sim.dataset;
const latency = { latencyMs };
sim.setKnobs({ yunzhenji: latency, shiheng: latency, yunzhong: { ...latency, perPage: 50 }, directory: latency });
const corp = d.corps.find((c) => c.mapped)!;
const S2 = `query($c: String!) { corp(corpId: $c) { customers(first: 50) { edges { node { id name remark addedAt tags { name } owner { name mobile position departmentIds } } } } } }`;
// The join the issue measured: cloud-phone accounts with their employee (the mobile index).
const ACCOUNTS = `query($c: String!) { corp(corpId: $c) { accounts(first: 100) { edges { node { wxid online employee { name } } } } } }`;
const SCENARIOS: [string, string][] = [
  ["S2: 50 customers with their owner's directory profile", S2],
  ["a corp's first 100 accounts with employee { name }", ACCOUNTS],
];
const redis: RedisServer | null = withRedis ? await startRedisServer() : null;

interface Graph {
  url: string;
  child: ChildProcess;
  cpuMs(): number;
  stop(): Promise<void>;
}

async function serve(cache: object, useRedis: boolean): Promise<Graph> {
  const base = simulatorConfig(sim.url, d);
  const config = {
    ...base,
    cache,
    // Measured: what the cache saves. Not measured: the limits a production config keeps (the
    // cache-off account join needs 618 calls, past the default budget of 200) nor the quota
    // governor's pacing (the simulators enforce no rate limit).
    limits: { maxUpstreamCallsPerRequest: 10_000, requestTimeoutMs: 60_000 },
    vendors: { ...base.vendors, yunzhenji: { ...base.vendors.yunzhenji, quota: { perMinute: 1_000_000 } } },
    ...(useRedis && redis ? { redis: { url: redis.url, keyPrefix: `bench-${Date.now()}:` } } : {}),
  };
  const child = spawn(process.execPath, ["--import", "tsx", "bench/cacheServer.ts"], { env: { ...process.env, BENCH_CONFIG: JSON.stringify(config) }, stdio: ["ignore", "pipe", "inherit"] });
  const port = await new Promise<number>((resolve, reject) => {
    let out = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const m = /listening (\d+)/.exec(out);
      if (m) resolve(Number(m[1]));
    });
    child.once("exit", (code) => reject(new Error(`graph exited (${code}) before listening`)));
  });
  return {
    url: `http://127.0.0.1:${port}/graphql`,
    child,
    // utime + stime of the child, fields 14 and 15 of /proc/<pid>/stat (after the command's parentheses).
    cpuMs: () => {
      const fields = readFileSync(`/proc/${child.pid}/stat`, "utf8").split(") ")[1]!.split(" ");
      return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS;
    },
    stop: async () => {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
    },
  };
}

const post = async (url: string, query: string, variables: Record<string, unknown>) => {
  const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query, variables }) });
  return (await res.json()) as { data?: any; errors?: unknown[] };
};
const dataCalls = (s: SimStats) => ({ yunzhenji: s.yunzhenji["wechat/list"], shiheng: s.shiheng["employee/list"], yunzhong: s.yunzhong.getList, directory: s.directory.getUser });
const diff = (a: SimStats, b: SimStats) => {
  const x = dataCalls(a);
  const y = dataCalls(b);
  return Object.fromEntries(VENDORS.map((v) => [v, x[v] - y[v]])) as Record<(typeof VENDORS)[number], number>;
};

interface Run {
  mode: string;
  rps: number;
  p50: number;
  p99: number;
  cpuPerRequest: number;
  perMinute: Record<string, number>;
  cold: Record<string, number>;
  errors: number;
}

async function loadRun(mode: string, cache: object, useRedis: boolean, query: string): Promise<Run> {
  const graph = await serve(cache, useRedis);
  try {
    const before = sim.stats();
    const warm = await post(graph.url, query, { c: corp.corpId });
    if (warm.errors) throw new Error(`bench query failed: ${JSON.stringify(warm.errors).slice(0, 300)}`);
    const cold = diff(sim.stats(), before);
    const start = sim.stats();
    const cpu = graph.cpuMs();
    const result = await autocannon({ url: graph.url, method: "POST", connections, duration: seconds, headers: { "content-type": "application/json" }, body: JSON.stringify({ query, variables: { c: corp.corpId } }) });
    const cpuUsed = graph.cpuMs() - cpu;
    const calls = diff(sim.stats(), start);
    const requests = result.requests.total;
    return {
      mode,
      rps: result.requests.average,
      p50: result.latency.p50,
      p99: result.latency.p99,
      cpuPerRequest: cpuUsed / Math.max(1, requests),
      perMinute: Object.fromEntries(VENDORS.map((v) => [v, Math.round((calls[v] / result.duration) * 60)])),
      cold,
      errors: result.errors + result.non2xx,
    };
  } finally {
    await graph.stop();
  }
}

const ALL_ACCOUNTS = `query($a: String) { accounts(first: 100, after: $a) { pageInfo { endCursor hasNextPage } edges { node { wxid employee { name } } } } }`;
const CORP_ACCOUNTS = `query($c: String!, $a: String) { corp(corpId: $c) { accounts(first: 100, after: $a) { pageInfo { endCursor hasNextPage } edges { node { wxid employee { name } } } } } }`;

/** Vendor calls (per vendor) of each page, paging `query` from the start. */
async function pagingRun(cache: object, query: string, connection: (data: any) => any, pages: number): Promise<number[][]> {
  const graph = await serve(cache, false);
  const perPage: number[][] = [];
  try {
    let after: string | null = null;
    for (let page = 0; page < pages; page++) {
      const before = sim.stats();
      const res = await post(graph.url, query, { c: corp.corpId, a: after });
      if (res.errors) throw new Error(`paging failed: ${JSON.stringify(res.errors).slice(0, 300)}`);
      const c = diff(sim.stats(), before);
      perPage.push(VENDORS.map((v) => c[v]));
      if (!connection(res.data).pageInfo.hasNextPage) break;
      after = connection(res.data).pageInfo.endCursor;
    }
  } finally {
    await graph.stop();
  }
  return perPage;
}

console.log(`wecom-graph cache bench: dataset "${size}" (${d.customerRows.length} customer rows, ${d.employees.length} employees, ${d.accounts.length} accounts)`);
console.log(`every vendor call takes +${latencyMs} ms; yunzhong serves 50 rows a page; ${connections} connections for ${seconds} s per mode; graph in its own process`);
console.log(`cache on: ttlSeconds ${JSON.stringify(TTL)}, staleSeconds 600; corp ${corp.corpId}`);

const modes: [string, object, boolean][] = [
  ["cache off", {}, false],
  ["cache on (memory)", { ttlSeconds: TTL, staleSeconds: 600 }, false],
  ...(redis ? ([["cache on (redis)", { ttlSeconds: TTL, staleSeconds: 600 }, true]] as [string, object, boolean][]) : []),
];
for (const [title, query] of SCENARIOS) {
  const runs: Run[] = [];
  for (const [mode, cache, useRedis] of modes) runs.push(await loadRun(mode, cache, useRedis, query));
  console.log(`\n${title}`);
  const header = ["mode".padEnd(20), "req/s".padStart(9), "p50 ms".padStart(7), "p99 ms".padStart(7), "CPU-ms/req".padStart(11), ...VENDORS.map((v) => `${v}/min`.padStart(15)), "  first request's calls"];
  console.log(header.join(" "));
  for (const r of runs) {
    console.log(
      [
        r.mode.padEnd(20),
        r.rps.toFixed(1).padStart(9),
        String(r.p50).padStart(7),
        String(r.p99).padStart(7),
        r.cpuPerRequest.toFixed(2).padStart(11),
        ...VENDORS.map((v) => String(r.perMinute[v]).padStart(15)),
        `  ${VENDORS.map((v) => `${v} ${r.cold[v]}`).join(", ")}${r.errors ? `  (${r.errors} errors!)` : ""}`,
      ].join(" "),
    );
  }
  const off = runs[0]!;
  for (const r of runs.slice(1)) {
    // A cache-off run too short to finish a request has no rate to compare with.
    const times = off.rps > 0 ? `${(r.rps / off.rps).toFixed(1)}x the requests per second, ` : "";
    console.log(`${r.mode}: ${times}${(off.cpuPerRequest / r.cpuPerRequest).toFixed(1)}x less CPU per request than the cache-off run`);
  }
}

const ON = { ttlSeconds: TTL, staleSeconds: 600 };
console.log(`\npaging corp(${corp.corpId}) { accounts(first: 100) { employee { name } } }: vendor calls per page (yunzhenji/shiheng/yunzhong/directory)`);
const corpOff = await pagingRun({}, CORP_ACCOUNTS, (data) => data.corp.accounts, 8);
const corpOn = await pagingRun(ON, CORP_ACCOUNTS, (data) => data.corp.accounts, 8);
for (let i = 0; i < Math.max(corpOff.length, corpOn.length); i++) console.log(`  page ${String(i + 1).padStart(2)}  off ${(corpOff[i] ?? []).join("/").padEnd(16)} on ${(corpOn[i] ?? []).join("/")}`);

console.log(`\npaging accounts(first: 100) { employee { name } } (every corp): vendor calls per page`);
const allOff = await pagingRun({}, ALL_ACCOUNTS, (data) => data.accounts, 12);
const allOn = await pagingRun(ON, ALL_ACCOUNTS, (data) => data.accounts, 12);
for (let i = 0; i < Math.max(allOff.length, allOn.length); i++) {
  const corpsOnPage = [...new Set(d.accounts.slice(i * 100, (i + 1) * 100).map((a) => a.yzjCorpId))].join(",");
  console.log(`  page ${String(i + 1).padStart(2)}  off ${(allOff[i] ?? []).join("/").padEnd(16)} on ${(allOn[i] ?? []).join("/").padEnd(16)} yunzhenji corps on the page: ${corpsOnPage}`);
}

await redis?.stop();
await sim.close();
