import { spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { startServer, type RunningServer } from "../../src/server/startServer.js";
import { SIM_CREDENTIALS } from "../../src/simulators/credentials.js";
import { startSimulators } from "../../src/simulators/startSimulators.js";

const running: { close(): Promise<void> }[] = [];
afterAll(async () => {
  for (const r of running) await r.close();
});

async function post(server: Pick<RunningServer, "graphqlUrl">, query: string, key?: string) {
  const headers: Record<string, string> = { "content-type": "application/json", ...(key ? { authorization: `Bearer ${key}` } : {}) };
  const res = await fetch(server.graphqlUrl, { method: "POST", headers, body: JSON.stringify({ query }) });
  return (await res.json()) as any;
}

describe("start-up", () => {
  it("with no config: starts the simulators, serves GraphiQL and answers from simulated data", async () => {
    const server = await startServer({ env: { PORT: "0", SIM_PORT: "0" } });
    running.push(server);
    expect(server.configSource).toBe("built-in simulators");
    const page = await fetch(server.graphqlUrl, { headers: { accept: "text/html" } });
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toMatch(/text\/html/);
    expect(await page.text()).toMatch(/<title>[^<]*wecom-graph[^<]*<\/title>/);
    const corps = server.simulators!.dataset.corps.filter((c) => c.mapped);
    expect(await post(server, "{ corps { corpId name } }")).toEqual({ data: { corps: corps.map((c) => ({ corpId: c.corpId, name: c.name })) } });
  });

  it("with a config file: interpolates secrets from the environment and serves the configured vendors", async () => {
    const sim = await startSimulators({ size: "small" });
    running.push(sim);
    const corp = sim.dataset.corps[0]!;
    const path = join(mkdtempSync(join(tmpdir(), "wecom-graph-")), "config.json");
    writeFileSync(
      path,
      JSON.stringify({
        port: 0,
        vendors: {
          yunzhenji: { baseUrl: `${sim.url}/yunzhenji`, appId: SIM_CREDENTIALS.yunzhenji.appId, appSecret: "${YZJ_SECRET}" },
          directory: { baseUrl: `${sim.url}/directory`, headers: { Authorization: "Bearer ${DIR_TOKEN}" } },
        },
        corps: [{ corpId: corp.corpId, name: "从配置来的名字", yunzhenji: { corpId: corp.yzjCorpId } }],
        auth: { apiKeys: [{ name: "startup-test", key: "${GRAPH_KEY}" }] },
      }),
    );
    const env = { YZJ_SECRET: SIM_CREDENTIALS.yunzhenji.appSecret, DIR_TOKEN: SIM_CREDENTIALS.directory.headers.Authorization.slice(7), GRAPH_KEY: "startup-test-key-3c9d1e" };
    const server = await startServer({ argv: ["--config", path], env });
    running.push(server);
    expect(server.simulators).toBeNull();
    const accounts = sim.dataset.accounts.filter((a) => a.yzjCorpId === corp.yzjCorpId);
    const e = sim.dataset.employees.find((x) => x.corpId === corp.corpId)!;
    const res = await post(server, `{ corp(corpId: "${corp.corpId}") { name accounts { totalCount } } employee(corpId: "${corp.corpId}", userId: "${e.userId}") { name } }`, env.GRAPH_KEY);
    expect(res).toEqual({ data: { corp: { name: "从配置来的名字", accounts: { totalCount: accounts.length } }, employee: { name: e.name } } });
  });

  it("`npm start`'s entry prints where everything is and serves; a bad config stops it naming the key", async () => {
    const child = spawn(process.execPath, ["--import", "tsx", "src/server/main.ts"], { env: { ...process.env, PORT: "0", SIM_PORT: "0", LOG_LEVEL: "silent" }, stdio: ["ignore", "pipe", "pipe"] });
    running.push({ close: async () => void child.kill("SIGTERM") });
    let out = "";
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no start-up line in: ${out}`)), 25_000);
      child.stdout.on("data", (chunk: Buffer) => {
        out += chunk.toString();
        const m = /GraphQL \+ GraphiQL\s+(\S+)/.exec(out);
        if (m) {
          clearTimeout(timer);
          resolve(m[1]!);
        }
      });
    });
    expect(out).toMatch(/vendor simulators\s+http:\/\/127\.0\.0\.1:\d+/);
    expect((await post({ graphqlUrl: url }, "{ corps { corpId } }")).data.corps.length).toBeGreaterThan(0);

    const bad = join(mkdtempSync(join(tmpdir(), "wecom-graph-")), "bad.json");
    writeFileSync(bad, JSON.stringify({ vendors: { directory: { baseUrl: "https://x.cn", headers: { Authorization: "Bearer ${NOT_SET_ANYWHERE}" } } } }));
    const failed = spawn(process.execPath, ["--import", "tsx", "src/server/main.ts", "--config", bad], { env: { ...process.env, PORT: "0" }, stdio: ["ignore", "pipe", "pipe"] });
    let err = "";
    failed.stderr.on("data", (c: Buffer) => (err += c.toString()));
    const code = await new Promise<number | null>((resolve) => failed.on("exit", resolve));
    expect(code).toBe(1);
    expect(err).toContain("vendors.directory.headers.Authorization uses ${NOT_SET_ANYWHERE}");
  });
});
