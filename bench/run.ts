// `npm run bench`: the graph over the simulators' large dataset, with a fixed latency on every
// vendor call, printing per-query latency and upstream calls, then sustained throughput.
// BENCH_SIZE (large|default|small), BENCH_LATENCY_MS (10), BENCH_RUNS (20), BENCH_SECONDS (10),
// BENCH_CONNECTIONS (16), checked in benchSettings.ts. A response with GraphQL errors is a failed
// request: it stops the per-query runs and is counted as an error in the throughput run.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import autocannon from "autocannon";
import { createApp } from "../src/server/app.js";
import { configSchema } from "../src/server/config.js";
import { simulatorConfig } from "../src/simulators/simulatorConfig.js";
import { startSimulators, type SimStats } from "../src/simulators/startSimulators.js";
import { answeredWithErrors, benchSettings, BenchSettingsError, type BenchSettings } from "./benchSettings.js";

let settings: BenchSettings;
try {
  settings = benchSettings(process.env);
} catch (error) {
  if (!(error instanceof BenchSettingsError)) throw error;
  console.error(`bench: ${error.message}`);
  process.exit(1);
}
const { size, latencyMs, runs, seconds, connections } = settings;

const started = performance.now();
const sim = await startSimulators({ size });
const generatedMs = performance.now() - started;
const d = sim.dataset;
const latency = { latencyMs };
sim.setKnobs({ yunzhenji: latency, shiheng: latency, yunzhong: latency, directory: latency });
// The large dataset's joins need more vendor calls than the default budget of 200 a request (one
// account → employee join walks shiheng's 97 pages); the benchmark measures speed, not that limit.
const config = configSchema.parse({ ...simulatorConfig(sim.url, d), limits: { maxUpstreamCallsPerRequest: 10_000 } });
const server = createServer(createApp(config));
await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;

const corp = d.corps.find((c) => c.mapped)!;
const owner = d.customerRows.find((r) => r.corpId === corp.corpId)!.ownerUserId;
const accountsTotal = d.accounts.length;
const shihengPages = Math.ceil(d.employees.filter((e) => e.inShiheng).length / 50);

interface Scenario {
  name: string;
  query: string;
  /** What a resolver-per-field gateway makes for the same answer: no batching, no source planning. */
  naive: string;
}

const scenarios: Scenario[] = [
  {
    name: "50 customers + owner name/mobile",
    query: `{ corp(corpId: "${corp.corpId}") { customers(first: 50) { edges { node { name tags { name } owner { name mobile } } } } } }`,
    naive: "4 yunzhong pages + 50 getUser (one per owner)",
  },
  {
    name: "50 customers + owner accounts",
    query: `{ corp(corpId: "${corp.corpId}") { customers(first: 50) { edges { node { name owner { name wecomAccounts { online wxid } } } } } } }`,
    naive: `4 yunzhong pages + 50 getUser + 50 yunzhenji walks of ${Math.ceil(accountsTotal / 100)} pages`,
  },
  {
    name: "employee 360°",
    query: `{ employee(corpId: "${corp.corpId}", userId: "${owner}") { name email position departmentIds wecomAccounts { wxid online } customers(first: 20) { totalCount edges { node { name addWay tags { name } } } } } }`,
    naive: `1 getUser + 1 yunzhenji walk + 2 yunzhong pages`,
  },
  {
    name: "100 employees of a corp (name, status)",
    query: `{ corp(corpId: "${corp.corpId}") { employees(first: 100) { totalCount edges { node { name status } } } } }`,
    naive: `a shiheng walk of ${shihengPages} pages + 100 getUser`,
  },
  {
    name: "online accounts, first 100",
    query: `{ accounts(online: true, first: 100) { totalCount edges { node { wxid nickname corp { name } employee { name } } } } }`,
    naive: "1 yunzhenji page + per-account employee lookups",
  },
];

const post = async (query: string) => {
  const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query }) });
  const body = (await res.json()) as { errors?: unknown[] };
  if (body.errors) throw new Error(`bench query failed: ${JSON.stringify(body.errors).slice(0, 300)}`);
};
const total = (s: SimStats) => s.yunzhenji["wechat/list"] + s.shiheng["employee/list"] + s.yunzhong.getList + s.directory.getUser;
const pct = (xs: number[], p: number) => xs.slice().sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))] ?? 0;

console.log(`wecom-graph bench: dataset "${size}" (${d.customerRows.length} customer rows, ${d.employees.length} employees, ${d.accounts.length} accounts, generated in ${generatedMs.toFixed(0)} ms)`);
console.log(`every vendor call takes +${latencyMs} ms; ${runs} runs per query, one at a time\n`);
console.log(["query".padEnd(40), "p50 ms".padStart(8), "p95 ms".padStart(8), "calls".padStart(6), "  per-field gateway would make"].join(" "));
for (const s of scenarios) {
  await post(s.query); // warm: token, page-size hints
  const before = total(sim.stats());
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await post(s.query);
    times.push(performance.now() - t);
  }
  const calls = (total(sim.stats()) - before) / runs;
  console.log([s.name.padEnd(40), pct(times, 50).toFixed(1).padStart(8), pct(times, 95).toFixed(1).padStart(8), calls.toFixed(0).padStart(6), `  ${s.naive}`].join(" "));
}

const load = scenarios[1]!;
console.log(`\nthroughput: "${load.name}", ${connections} connections, ${seconds} s`);
let graphqlErrors = 0;
const result = await autocannon({
  url,
  connections,
  duration: seconds,
  requests: [
    {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: load.query }),
      onResponse: (status, body) => {
        if (status === 200 && answeredWithErrors(body)) graphqlErrors++;
      },
    },
  ],
});
const failed = result.errors + result.non2xx + graphqlErrors;
console.log(`  ${result.requests.average.toFixed(1)} req/s, latency p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms`);
console.log(`  ${result.requests.total} requests; errors ${failed} (${result.non2xx} non-2xx, ${graphqlErrors} answered with GraphQL errors, ${result.errors} connection errors)`);
if (failed > 0) {
  console.error("bench: some requests failed, so the figures above do not measure the graph answering");
  process.exitCode = 1;
}

server.close();
await sim.close();
