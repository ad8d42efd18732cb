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

  it("passes WECOM_GRAPH_KEY as its key: the same answer from a graph that asks for one, and the 401 without it", async () => {
    const key = "readme-example-key-0e5f27";
    const keyed = await startServer({ env: { PORT: "0", SIM_PORT: "0", WECOM_GRAPH_API_KEY: key } });
    try {
      const env: NodeJS.ProcessEnv = { ...process.env, WECOM_GRAPH_URL: keyed.graphqlUrl };
      const withKey = await run(process.execPath, ["--import", "tsx", EXAMPLE.pathname], { env: { ...env, WECOM_GRAPH_KEY: key } });
      const corp = keyed.simulators!.dataset.corps.find((c) => c.mapped)!;
      expect(withKey.stderr).toBe("");
      expect(withKey.stdout.split("\n")[0]).toBe(`${corp.name}: ${keyed.simulators!.dataset.customerRows.filter((r) => r.corpId === corp.corpId && r.status === 1).length} customers`);
      const { WECOM_GRAPH_KEY: _none, ...withoutKey } = env;
      const refused = await run(process.execPath, ["--import", "tsx", EXAMPLE.pathname], { env: withoutKey }).then(
        () => null,
        (error: { code?: number; stderr?: string }) => error,
      );
      expect(refused?.code).toBe(1);
      expect(refused?.stderr).toContain("CorpsOverview: Authentication required: send Authorization: Bearer <API key or JWT>. [UNAUTHENTICATED]");
    } finally {
      await keyed.close();
    }
  });

  it("is the code the README shows", () => {
    const code = readFileSync(EXAMPLE, "utf8").replace(/^\/\/.*\n/gm, "").replaceAll("../../src/client/", "./client/").trim();
    expect(readFileSync(README, "utf8")).toContain(code);
  });
});
