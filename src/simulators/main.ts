// `npm run simulate`: the four vendor simulators alone, until SIGINT/SIGTERM.
// SIM_PORT (4100), SIM_HOST (127.0.0.1), SIM_SIZE (default|large|small), SIM_SEED (42).
// It prints a complete config for the graph over them, to be saved and used verbatim with
// WECOM_GRAPH_CONFIG: the corps' ids across the vendors (yunzhong's cropId above all) are not
// something to guess, and a wrong guess fails quietly (a corp without its name).
import { parseCommandLine, portVariable, UsageError } from "../core/commandLine.js";
import { ConfigError } from "../core/ConfigError.js";
import { SIZE_PRESETS, type SizePreset } from "./dataset.js";
import { simulatorConfig } from "./simulatorConfig.js";
import { startSimulators } from "./startSimulators.js";

const USAGE = `Usage: npm run simulate [-- --help]

Starts the four vendor simulators (yunzhenji, shiheng, yunzhong, directory) on one port, each
under its own path prefix, and prints a config for the graph that points at them.

Environment:
  SIM_PORT   port (default 4100; 0 takes any free port)
  SIM_HOST   address to listen on (default 127.0.0.1)
  SIM_SIZE   dataset size: ${Object.keys(SIZE_PRESETS).join(", ")} (default default)
  SIM_SEED   dataset seed, an integer (default 42)`;

function fail(message: string, exitCode = 1): never {
  console.error(`simulate: ${message}`);
  process.exit(exitCode);
}

function envInt(name: string, fallback: number, min: number, max: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === "") return fallback;
  const n = Number(raw);
  if (!/^\s*\d+\s*$/.test(raw) || n < min || n > max) fail(`${name} must be an integer in ${min}..${max}, got ${JSON.stringify(raw)}`);
  return n;
}

try {
  if (parseCommandLine(process.argv.slice(2), { help: { type: "boolean", short: "h" } }).help) {
    console.log(USAGE);
    process.exit(0);
  }
} catch (error) {
  if (error instanceof UsageError) fail(`${error.message}\n\n${USAGE}`, 2);
  throw error;
}

let port = 4100;
try {
  port = portVariable(process.env, "SIM_PORT") ?? 4100;
} catch (error) {
  if (error instanceof ConfigError) fail(error.message);
  throw error;
}
const seed = envInt("SIM_SEED", 42, 0, 2 ** 32 - 1);
const host = process.env["SIM_HOST"]?.trim() || "127.0.0.1";
const sizeName = process.env["SIM_SIZE"]?.trim() || "default";
if (!Object.hasOwn(SIZE_PRESETS, sizeName)) fail(`SIM_SIZE must be one of ${Object.keys(SIZE_PRESETS).join(", ")}, got ${JSON.stringify(sizeName)}`);

const sim = await startSimulators({ port, host, seed, size: sizeName as SizePreset }).catch((err: unknown) =>
  fail(`cannot listen on ${host}:${port}: ${err instanceof Error ? err.message : String(err)}`),
);
const d = sim.dataset;
const config = simulatorConfig(sim.url, d);
console.log(`wecom-graph vendor simulators (seed ${d.seed}, size ${sizeName}: ${d.corps.length} corps, ${d.employees.length} employees, ${d.accounts.length} accounts, ${d.customerRows.length} customer rows)`);
for (const vendor of ["yunzhenji", "shiheng", "yunzhong", "directory"] as const) console.log(`  ${vendor.padEnd(10)} ${config.vendors[vendor].baseUrl}`);
console.log(`  control    GET ${sim.url}/__stats, POST ${sim.url}/__reset, GET|POST ${sim.url}/__control, POST ${sim.url}/__world`);
console.log(`
The graph's config for these simulators, complete (vendors with their credentials, and every corp
with its ids at yunzhenji and yunzhong). Save it as sim.json, then: WECOM_GRAPH_CONFIG=sim.json npm start
(the credentials are the simulators' own test values, not secrets; Ctrl-C stops the simulators)
`);
console.log(JSON.stringify(config, null, 2));

let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    void sim.close().then(() => process.exit(0));
  });
}
