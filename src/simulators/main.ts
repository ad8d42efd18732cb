// `npm run simulate`: the four vendor simulators alone, until SIGINT/SIGTERM.
// SIM_PORT (4100), SIM_HOST (127.0.0.1), SIM_SIZE (default|large|small), SIM_SEED (42).
import { SIM_CREDENTIALS } from "./credentials.js";
import { SIZE_PRESETS, type SizePreset } from "./dataset.js";
import { startSimulators } from "./startSimulators.js";

function fail(message: string): never {
  console.error(`simulate: ${message}`);
  process.exit(1);
}

function envInt(name: string, fallback: number, min: number, max: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === "") return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) fail(`${name} must be an integer in ${min}..${max}, got ${JSON.stringify(raw)}`);
  return n;
}

const port = envInt("SIM_PORT", 4100, 0, 65535);
const seed = envInt("SIM_SEED", 42, 0, 2 ** 32 - 1);
const host = process.env.SIM_HOST?.trim() || "127.0.0.1";
const sizeName = process.env.SIM_SIZE?.trim() || "default";
if (!(sizeName in SIZE_PRESETS)) fail(`SIM_SIZE must be one of ${Object.keys(SIZE_PRESETS).join(", ")}, got ${JSON.stringify(sizeName)}`);

const sim = await startSimulators({ port, host, seed, size: sizeName as SizePreset }).catch((err: unknown) =>
  fail(`cannot listen on ${host}:${port}: ${err instanceof Error ? err.message : String(err)}`),
);
const d = sim.dataset;
console.log(`wecom-graph vendor simulators (seed ${d.seed}, size ${sizeName}: ${d.corps.length} corps, ${d.employees.length} employees, ${d.accounts.length} accounts, ${d.customerRows.length} customer rows)`);
console.log(`  yunzhenji  ${sim.url}/yunzhenji   appId=${SIM_CREDENTIALS.yunzhenji.appId} appSecret=${SIM_CREDENTIALS.yunzhenji.appSecret}`);
console.log(`  shiheng    ${sim.url}/shiheng     appId=${SIM_CREDENTIALS.shiheng.appId} appSecret=${SIM_CREDENTIALS.shiheng.appSecret}`);
console.log(`  yunzhong   ${sim.url}/yunzhong    Cookie: ${SIM_CREDENTIALS.yunzhong.headers.Cookie}`);
console.log(`  directory  ${sim.url}/directory   Authorization: ${SIM_CREDENTIALS.directory.headers.Authorization}`);
console.log(`  corps      ${d.corps.filter((c) => c.mapped).map((c) => `${c.corpId} (yunzhenji ${c.yzjCorpId}, uniacid ${c.uniacid})`).join(", ")}`);
console.log(`  control    GET ${sim.url}/__stats, POST ${sim.url}/__reset, GET|POST ${sim.url}/__control`);
console.log("(these are the simulators' own test credentials, not secrets; Ctrl-C stops)");

let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    void sim.close().then(() => process.exit(0));
  });
}
