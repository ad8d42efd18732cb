// Production serves compiled JavaScript: `npm run build` (scripts/buildDist.ts) must emit a dist/
// that plain `node` runs, with no TypeScript tooling loaded, the run-time assets beside it, and
// NODE_ENV=production. Built here into .tmp/ so a developer's own dist/ is left alone.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bundleSizes, buildDist } from "../../scripts/buildDist.js";
import { simulatorConfig } from "../../src/simulators/simulatorConfig.js";
import { startSimulators, type RunningSimulators } from "../../src/simulators/startSimulators.js";

let out: string;
let sim: RunningSimulators;
let child: ChildProcess | null = null;
let bare: ChildProcess | null = null;

beforeAll(async () => {
  out = buildDist(".tmp/build-test");
  sim = await startSimulators({ size: "small" });
}, 120_000);

afterAll(async () => {
  child?.kill("SIGTERM");
  bare?.kill("SIGTERM");
  await sim?.close();
});

/** Spawns the built server with a bare environment; resolves with the GraphQL URL of its start-up line. */
function serve(args: string[], env: Record<string, string>): { process: ChildProcess; url: Promise<string>; stderr: () => string } {
  // No loader, no NODE_OPTIONS: whatever vitest or tsx put into this process's environment stays out.
  const proc = spawn(process.execPath, [join(out, "server/main.js"), ...args], { env: { PATH: process.env["PATH"] ?? "", ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  proc.stderr!.on("data", (c: Buffer) => (stderr += c.toString()));
  const url = new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no start-up line: ${stdout} ${stderr}`)), 20_000);
    proc.on("exit", (code) => reject(new Error(`exited ${code}: ${stderr}`)));
    proc.stdout!.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
      const m = /GraphQL \+ GraphiQL\s+(\S+)/.exec(stdout);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
  });
  return { process: proc, url, stderr: () => stderr };
}

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : [join(dir, e.name)]));
}

describe("npm run build", () => {
  it("emits JavaScript and the assets the server reads, no TypeScript", () => {
    const all = files(out);
    expect(all.filter((f) => /\.(c|m)?ts$/.test(f) && !f.endsWith(".d.ts"))).toEqual([]);
    expect(existsSync(join(out, "server/main.js"))).toBe(true);
    expect(all.filter((f) => f.endsWith(".graphql")).map((f) => f.slice(out.length + 1)).sort()).toEqual(
      readdirSync(new URL("../../src/client/operations/", import.meta.url))
        .filter((f) => f.endsWith(".graphql"))
        .sort()
        .map((f) => `client/operations/${f}`),
    );
  });

  it("`node dist/server/main.js` serves queries and GraphiQL with plain node in production mode", async () => {
    const config = join(mkdtempSync(join(tmpdir(), "wecom-graph-build-")), "config.json");
    // GraphiQL is off by default with a config file; this one opens it to see the page find its examples in dist/.
    writeFileSync(config, JSON.stringify({ ...simulatorConfig(sim.url, sim.dataset), port: 0, graphiql: true }));
    const served = serve(["--config", config], { NODE_ENV: "production", LOG_LEVEL: "silent" });
    child = served.process;
    const url = await served.url;
    const corp = sim.dataset.corps.find((c) => c.mapped)!;
    const row = sim.dataset.customerRows.find((r) => r.corpId === corp.corpId)!;
    const query = `query Newest($c: String!) { corp(corpId: $c) { name customers(first: 1) { edges { node { name owner { userId } } } } } }`;
    // Twice: the second run is the compiled one.
    for (let i = 0; i < 2; i++) {
      const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query, variables: { c: corp.corpId } }) });
      expect(await res.json()).toEqual({ data: { corp: { name: corp.name, customers: { edges: [{ node: { name: row.customer.name, owner: { userId: row.userid } } }] } } } });
    }
    const page = await fetch(url, { headers: { accept: "text/html" } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("Employee360");
    expect(served.stderr()).toBe("");
  });

  it("keeps the simulators out of the server's file: a bundle of their own, read only without a config", () => {
    const main = readFileSync(join(out, "server/main.js"), "utf8");
    const simulators = files(join(out, "simulators")).filter((f) => f.endsWith(".js"));
    // Names only the simulators define (the seeded dataset, the directory simulator).
    for (const name of ["generateDataset", "createDirectorySim"]) {
      expect(main).not.toContain(name);
      expect(simulators.filter((f) => readFileSync(f, "utf8").includes(name))).toHaveLength(1);
    }
    // The server reaches them only through these, at run time.
    expect(main.match(/import\("[^"]*"\)/g)?.sort()).toEqual(['import("../simulators/simulatorConfig.js")', 'import("../simulators/startSimulators.js")']);
    const sizes = bundleSizes(out);
    expect(sizes[0]?.file).toBe("server/main.js");
    expect(sizes.map((s) => s.file)).toEqual(expect.arrayContaining(["simulators/startSimulators.js", "simulators/simulatorConfig.js"]));
  });

  it("`node dist/server/main.js` without a config serves the built-in simulators outside production", async () => {
    const served = serve([], { PORT: "0", SIM_PORT: "0", LOG_LEVEL: "silent" });
    bare = served.process;
    const url = await served.url;
    const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query: "{ corps { corpId } }" }) });
    const body = (await res.json()) as { data: { corps: { corpId: string }[] } };
    expect(body.data.corps.length).toBeGreaterThan(0);
    expect(body.data.corps[0]!.corpId).toMatch(/^ww/);
  });
});
