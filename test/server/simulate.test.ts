// `npm run simulate` prints the graph's config for its simulators, complete, and that config works
// verbatim: saved to a file and given as WECOM_GRAPH_CONFIG, the graph serves every corp by name
// with its customers (which needs yunzhong's cropId, the id nobody can guess).
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { startServer, type RunningServer } from "../../src/server/startServer.js";
import { SIM_CREDENTIALS } from "../../src/simulators/credentials.js";
import { generateDataset } from "../../src/simulators/dataset.js";
import { runEntry, startEntry, type Running } from "../helpers/spawnEntry.js";

const SIMULATE = "src/simulators/main.ts";
const running: { close(): Promise<unknown> }[] = [];
afterAll(async () => {
  for (const r of running) await r.close();
});

/** The JSON block the command prints: from a line "{" to the next line "}". */
function printedConfig(out: string): unknown {
  const lines = out.split("\n");
  const start = lines.indexOf("{");
  const end = lines.indexOf("}", start);
  if (start === -1 || end === -1) return null;
  return JSON.parse(lines.slice(start, end + 1).join("\n"));
}

describe("npm run simulate", () => {
  it("prints a complete config that works verbatim with WECOM_GRAPH_CONFIG", async () => {
    const sim: Running = await startEntry(SIMULATE, { SIM_PORT: "0", SIM_SIZE: "small", SIM_SEED: "5" }, (out) => printedConfig(out) !== null);
    running.push({ close: () => sim.stop() });
    const config = printedConfig(sim.stdout()) as any;
    const base = /(http:\/\/127\.0\.0\.1:\d+)\/yunzhenji/.exec(sim.stdout())![1]!;
    const dataset = generateDataset({ seed: 5, size: "small" });
    const mapped = dataset.corps.filter((c) => c.mapped);
    expect(config).toEqual({
      auth: { open: true },
      vendors: {
        yunzhenji: { baseUrl: `${base}/yunzhenji`, ...SIM_CREDENTIALS.yunzhenji },
        shiheng: { baseUrl: `${base}/shiheng`, ...SIM_CREDENTIALS.shiheng, version: "1.0", employeeListPath: "/open/api/wecom/employee/list" },
        yunzhong: { baseUrl: `${base}/yunzhong`, headers: SIM_CREDENTIALS.yunzhong.headers },
        directory: { baseUrl: `${base}/directory`, headers: SIM_CREDENTIALS.directory.headers },
      },
      corps: mapped.map((c) => ({ corpId: c.corpId, name: c.name, shortName: c.shortName, yunzhenji: { corpId: c.yzjCorpId }, yunzhong: { uniacid: c.uniacid, cropId: c.cropId } })),
    });

    const path = join(mkdtempSync(join(tmpdir(), "wecom-graph-sim-")), "sim.json");
    writeFileSync(path, JSON.stringify(config, null, 2));
    const graph: RunningServer = await startServer({ env: { WECOM_GRAPH_CONFIG: path, PORT: "0" } });
    running.push(graph);
    expect(graph.configSource).toBe(path);
    for (const corp of mapped) {
      const rows = dataset.customerRows.filter((r) => r.corpId === corp.corpId);
      const res = await fetch(graph.graphqlUrl, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ query: `query($c: String!) { corp(corpId: $c) { name customers(first: 2) { totalCount edges { node { name corp { corpId name } } } } } }`, variables: { c: corp.corpId } }),
      });
      expect(await res.json()).toEqual({
        data: {
          corp: {
            name: corp.name,
            customers: { totalCount: rows.length, edges: rows.slice(0, 2).map((r) => ({ node: { name: r.customer.name || null, corp: { corpId: corp.corpId, name: corp.name } } })) },
          },
        },
      });
    }
    expect(await sim.stop()).toBe(0);
  });

  it("--help prints its usage (exit 0); an unknown flag is exit 2 with the usage; a bad SIM_PORT is exit 1 naming it", async () => {
    const help = await runEntry(SIMULATE, ["--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: npm run simulate/);
    for (const name of ["SIM_PORT", "SIM_HOST", "SIM_SIZE", "SIM_SEED"]) expect(help.stdout).toContain(name);

    const unknown = await runEntry(SIMULATE, ["--port", "4101"], { SIM_PORT: "0" });
    expect(unknown.code).toBe(2);
    expect(unknown.stdout).toBe("");
    expect(unknown.stderr).toBe(`simulate: unknown option --port\n\n${help.stdout}`);

    const badPort = await runEntry(SIMULATE, [], { SIM_PORT: "abc" });
    expect(badPort).toEqual({ code: 1, stdout: "", stderr: 'simulate: SIM_PORT must be an integer 0..65535, got "abc"\n' });
  });
});
