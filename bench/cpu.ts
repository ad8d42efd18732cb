// `npm run bench:cpu`: CPU per request of our server against a floor, in one run. Three child
// processes: the vendor simulators (every vendor +20 ms, yunzhong pages of 50, default dataset),
// our server as built and served in production (`npm run serve`: node dist/server/main.js with
// NODE_ENV=production and the package's node flags) with an explicit config file,
// the list cache off), and a minimal floor server (node:http + JSON.parse) that makes the same
// vendor calls and must answer the same JSON. For S1-S3 it prints CPU-ms per request of each
// serving process (utime+stime from /proc), vendor calls per request (simulator counters), the
// ratio to the floor, and our RSS after the run. `--check` exits 1 when a target is missed.
// BENCH_BEFORE=DIR adds another checkout's build (DIR/dist, served by DIR's own `serve` script),
// in the same slices, so a change is measured old against new in one run (two copies of it and of
// ours, see below); its column and the ratio new/before are printed beside the floor's.
// BENCH_REQUESTS (1000), BENCH_WARMUP (3000), BENCH_CONCURRENCY (8), BENCH_ROUNDS (5: ours and the
// floor alternate in that many slices), BENCH_LATENCY_MS (20). The figures are of a warm server:
// the warm-up lets V8 compile the hot paths (its compiler threads' CPU counts in the process's
// time, and ours has far more code to compile than the floor) and the heap reach its working size.
// Ours settles after about 3,000 requests of S1 (per-slice figures fall from ~2.4 to ~2.0 CPU-ms
// until then, and stay flat for the next 5,000); the floor settles sooner.
// The servers run pinned to one core and the rest to the other (cpu/pinCpus.ts says why), and
// each round starts with the next server in turn, so no server is always the one that goes first.
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { SimulatorConfig } from "../src/simulators/simulatorConfig.js";
import { benchInteger } from "./benchSettings.js";
import { drive } from "./cpu/drive.js";
import { firstDifference } from "./cpu/firstDifference.js";
import { postJson } from "./cpu/postJson.js";
import { canPin, pin } from "./cpu/pinCpus.js";
import { procStats } from "./cpu/procStats.js";
import { serveCommand } from "./cpu/serveCommand.js";
import { CPU_SCENARIOS } from "./cpu/scenarios.js";
import { spawnReady, type ReadyChild } from "./cpu/spawnReady.js";
import { vendorCalls } from "./cpu/vendorCalls.js";

const env = process.env;
const requests = benchInteger(env, "BENCH_REQUESTS", 1000, 10, 1_000_000);
const warmup = benchInteger(env, "BENCH_WARMUP", 3000, 0, 1_000_000);
const concurrency = benchInteger(env, "BENCH_CONCURRENCY", 8, 1, 1000);
const rounds = benchInteger(env, "BENCH_ROUNDS", 5, 1, 100);
const latencyMs = benchInteger(env, "BENCH_LATENCY_MS", 20, 0, 60_000);
const check = process.argv.includes("--check");
const before = env["BENCH_BEFORE"] ? resolve(env["BENCH_BEFORE"]) : null;
if (before && !existsSync(join(before, "dist/server/main.js"))) {
  console.error(`bench:cpu: BENCH_BEFORE=${env["BENCH_BEFORE"]} has no dist/server/main.js: run \`npm run build\` in that checkout first`);
  process.exit(2);
}
/** Issue 11: at most this many times the floor's CPU per request. */
const TARGET_RATIO = { S1: 2.0, S2: 2.5, S3: 2.0 } as const;
const TARGET_RSS_MB = 150;

const root = new URL("..", import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), "wecom-graph-bench-"));
const configPath = join(dir, "config.json");
const children: ReadyChild[] = [];
const tsxNode = (entry: string) => ["--import", "tsx", join(root, entry), configPath];
const URL_LINE = /"url":"(http[^"]+)"/;

const pinned = canPin();
if (pinned) pin(process.pid, "load");

try {
  const childEnv = { ...process.env, BENCH_LATENCY_MS: String(latencyMs) };
  const sim = await spawnReady(process.execPath, tsxNode("bench/cpu/simulatorsMain.ts"), childEnv, URL_LINE);
  children.push(sim);
  if (pinned) pin(sim.pid, "load");
  const simUrl = sim.match[1] as string;
  const serveOurs = () => {
    const serve = serveCommand(root);
    return spawnReady(serve.command, [...serve.args, "--config", configPath], { ...childEnv, ...serve.env, PORT: "0" }, /GraphQL \+ GraphiQL\s+(http\S+)/, 30_000, root);
  };
  const serveBefore = (dir: string) => {
    const serve = serveCommand(dir);
    return spawnReady(serve.command, [...serve.args, "--config", configPath], { ...childEnv, ...serve.env, PORT: "0" }, /GraphQL \+ GraphiQL\s+(http\S+)/, 30_000, dir);
  };
  const serveFloor = () => spawnReady(process.execPath, tsxNode("bench/cpu/floorMain.ts"), { ...childEnv, NODE_ENV: "production" }, URL_LINE);
  // Old against new is the comparison that must be fair to a few per cent, and even pinned, a
  // server spawned earlier measured up to 15 % dearer than a later copy of the same build. With
  // BENCH_BEFORE, two copies each of ours and the old build are spawned in the order ours, before,
  // floor, before, ours: any trend with spawn order weighs on both alike, and on the floor in the
  // middle. Each copy takes every slice; a role's figure is the mean over its copies.
  const roles = ["ours", "floor", "before"] as const;
  type Role = (typeof roles)[number];
  const plan: Role[] = before ? ["ours", "before", "floor", "before", "ours"] : ["ours", "floor"];
  const instances: { role: Role; child: ReadyChild }[] = [];
  for (const role of plan) {
    const child = await (role === "ours" ? serveOurs() : role === "floor" ? serveFloor() : serveBefore(before as string));
    children.push(child);
    instances.push({ role, child });
  }
  if (pinned) for (const { child } of instances) pin(child.pid, "servers");

  const config = JSON.parse(readFileSync(configPath, "utf8")) as SimulatorConfig;
  const corpId = config.corps[0]!.corpId;
  const targets = instances.map(({ role, child }) => ({
    role: roles.indexOf(role),
    name: role,
    pid: child.pid,
    url: role === "floor" ? (id: string) => `${child.match[1]}/${id}` : () => child.match[1] as string,
  }));
  const copies = roles.map((_, r) => targets.filter((t) => t.role === r).length);
  const byRole = (role: Role) => instances.find((i) => i.role === role)?.child as ReadyChild;
  const ours = byRole("ours");
  const floor = byRole("floor");
  const old = before ? byRole("before") : null;

  console.log(`wecom-graph bench:cpu — corp ${corpId}, every vendor +${latencyMs} ms, yunzhong 50 per page, cache off`);
  console.log(`${requests} requests per scenario and server (in ${rounds} alternating slices) after ${warmup} warm-up, ${concurrency} at a time; CPU = utime+stime of the serving process`);
  console.log(pinned ? "servers pinned to core 1, simulators and load to core 0\n" : "not pinned (one core, or no taskset): figures depend on the order the servers were started\n");

  const rows: { id: string; label: string; calls: number[]; cpu: number[] }[] = [];
  for (const s of CPU_SCENARIOS) {
    const body = JSON.stringify({ query: s.query, variables: { corpId }, operationName: s.id });
    // The check step: the floor is only a floor if it answers exactly what we answer.
    const [a, ...others] = await Promise.all(targets.map(async (t) => JSON.parse(await postJson(t.url(s.id), body)) as unknown));
    for (const [i, b] of others.entries()) {
      const diff = firstDifference(a, b);
      if (diff) throw new Error(`${s.id}: the ${targets[i + 1]!.name} server's answer differs from ours at ${diff}`);
    }
    for (const t of targets) await drive(t.url(s.id), body, warmup, concurrency);
    // Ours and the floor take turns, a slice of the requests at a time, so that whatever else the
    // machine does meanwhile weighs on both alike.
    const cpu = roles.map(() => 0);
    const calls = roles.map(() => 0);
    for (let round = 0; round < rounds; round++) {
      const slice = Math.round((requests * (round + 1)) / rounds) - Math.round((requests * round) / rounds);
      for (let k = 0; k < targets.length; k++) {
        const i = (k + round) % targets.length;
        const t = targets[i]!;
        const callsBefore = await vendorCalls(simUrl);
        const cpuBefore = procStats(t.pid).cpuMs;
        await drive(t.url(s.id), body, slice, concurrency);
        cpu[t.role]! += procStats(t.pid).cpuMs - cpuBefore;
        calls[t.role]! += (await vendorCalls(simUrl)) - callsBefore;
      }
    }
    rows.push({ id: s.id, label: s.label, calls: calls.map((n, r) => n / (requests * copies[r]!)), cpu: cpu.map((ms, r) => ms / (requests * copies[r]!)) });
  }
  const rss = procStats(ours.pid).rssMb;
  const floorRss = procStats(floor.pid).rssMb;

  const cells = (xs: (string | number)[], widths: number[]) => xs.map((x, i) => (i === 0 ? String(x).padEnd(widths[i]!) : String(x).padStart(widths[i]!))).join("  ");
  const widths = [46, 10, 11, 12, 13, 7, 7, ...(old ? [14, 11] : [])];
  console.log(cells(["scenario", "calls/req", "floor calls", "CPU-ms/req", "floor CPU-ms", "ratio", "target", ...(old ? ["before CPU-ms", "new/before"] : [])], widths));
  let missed = false;
  for (const r of rows) {
    const ratio = (r.cpu[0] as number) / (r.cpu[1] as number);
    const target = TARGET_RATIO[r.id as keyof typeof TARGET_RATIO];
    if (ratio > target) missed = true;
    const beside = old ? [r.cpu[2]!.toFixed(2), `${((r.cpu[0] as number) / (r.cpu[2] as number)).toFixed(3)}×`] : [];
    console.log(cells([`${r.id} ${r.label}`, r.calls[0]!.toFixed(1), r.calls[1]!.toFixed(1), r.cpu[0]!.toFixed(2), r.cpu[1]!.toFixed(2), `${ratio.toFixed(2)}×`, `≤${target.toFixed(1)}×`, ...beside], widths));
  }
  if (rss > TARGET_RSS_MB) missed = true;
  console.log(`\nRSS after the run: ours ${rss.toFixed(0)} MB (target ≤${TARGET_RSS_MB} MB), floor ${floorRss.toFixed(0)} MB${old ? `, before ${procStats(old.pid).rssMb.toFixed(0)} MB` : ""}`);
  if (check && missed) {
    console.error("bench:cpu --check: a target was missed");
    process.exitCode = 1;
  }
} finally {
  await Promise.all(children.map((c) => c.stop()));
  rmSync(dir, { recursive: true, force: true });
}
