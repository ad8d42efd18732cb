// Child process of `npm run bench:cpu`: the vendor simulators (default dataset), every vendor
// answering after a fixed latency and yunzhong cutting pages of 50. Writes the server config that
// points at them to the path in argv[2] and then prints one JSON line `{ "url": … }`.
import { writeFileSync } from "node:fs";
import { simulatorConfig } from "../../src/simulators/simulatorConfig.js";
import { startSimulators } from "../../src/simulators/startSimulators.js";

const configPath = process.argv[2];
if (!configPath) throw new Error("simulatorsMain: give the config file to write as the first argument");
const latencyMs = Number(process.env["BENCH_LATENCY_MS"] ?? 20);
const perPage = Number(process.env["BENCH_PER_PAGE"] ?? 50);

const sim = await startSimulators({ port: 0 });
const latency = { latencyMs };
sim.setKnobs({ yunzhenji: latency, shiheng: latency, yunzhong: { ...latency, perPage }, directory: latency });
const config = simulatorConfig(sim.url, sim.dataset);
// The simulators enforce no rate limit, and this benchmark measures CPU, not the quota governor's
// pacing: yunzhenji's default 500 calls a minute would make S3 wait for budget.
writeFileSync(configPath, JSON.stringify({ ...config, vendors: { ...config.vendors, yunzhenji: { ...config.vendors.yunzhenji, quota: { perMinute: 1_000_000 } } } }, null, 2));
console.log(JSON.stringify({ url: sim.url }));

for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => void sim.close().then(() => process.exit(0)));
