// The README's typed-client example is a file that runs: this test runs it against `npm start`'s
// setup (the built-in simulators) and checks it prints the dataset's real rows, and that the README
// shows that same file, so the two cannot drift apart.
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type RunningServer } from "../../src/server/startServer.js";

const run = promisify(execFile);
const EXAMPLE = new URL("../../examples/client/customers.ts", import.meta.url);
const README = new URL("../../README.md", import.meta.url);

let server: RunningServer;
beforeAll(async () => {
  server = await startServer({ env: { PORT: "0", SIM_PORT: "0" } });
});
afterAll(() => server?.close());

describe("the README's typed-client example", () => {
  it("prints the first corp's normal customers with their owners and tags", async () => {
    const { stdout, stderr } = await run(process.execPath, ["--import", "tsx", EXAMPLE.pathname], { env: { ...process.env, WECOM_GRAPH_URL: server.graphqlUrl } });
    const dataset = server.simulators!.dataset;
    const corp = dataset.corps.find((c) => c.mapped)!;
    const rows = dataset.customerRows.filter((r) => r.corpId === corp.corpId && r.status === 1);
    const names = new Map(dataset.tags.filter((t) => t.corpId === corp.corpId).map((t) => [t.tagId, t.name]));
    const owner = (userId: string) => dataset.employees.find((e) => e.corpId === corp.corpId && e.userId === userId)!.name;
    expect(stderr).toBe("");
    expect(stdout.trimEnd().split("\n")).toEqual([
      `${corp.name}: ${rows.length} customers`,
      ...rows.slice(0, 5).map((r) => `${r.customer.name} (owner ${owner(r.ownerUserId)}) [${r.tagIds.map((id) => names.get(id)).join(", ")}]`),
    ]);
  });

  it("is the code the README shows", () => {
    const code = readFileSync(EXAMPLE, "utf8").replace(/^\/\/.*\n/gm, "").replaceAll("../../src/client/", "./client/").trim();
    expect(readFileSync(README, "utf8")).toContain(code);
  });
});
