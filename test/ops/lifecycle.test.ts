// Shutdown: on SIGTERM/SIGINT the server stops accepting, /readyz turns 503, requests in flight
// finish (up to shutdownGraceMs), and the process exits 0, with no process left holding the port,
// under `npm start` too. In production the server never falls back to its simulators.
import { spawn, type ChildProcess } from "node:child_process";
import { afterAll, describe, expect, it } from "vitest";
import { ConfigError } from "../../src/core/ConfigError.js";
import { startServer } from "../../src/server/startServer.js";
import { startRealGraph } from "../helpers/server.js";
import { sleep } from "../helpers/sleep.js";

const children: ChildProcess[] = [];
afterAll(() => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
});

const SLOW = `{ corps { name customers(first: 1) { totalCount } } }`;

/** Starts the server's entry as a process and waits for its start-up lines. */
async function spawnServer(command: string, args: string[], env: Record<string, string> = {}) {
  const child = spawn(command, args, { env: { ...process.env, PORT: "0", SIM_PORT: "0", LOG_LEVEL: "silent", ...env }, stdio: ["ignore", "pipe", "pipe"] });
  children.push(child);
  let out = "";
  child.stderr!.on("data", (c: Buffer) => (out += c.toString()));
  const urls = await new Promise<{ graphql: string; sim: string }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no start-up lines in: ${out}`)), 25_000);
    child.stdout!.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const graphql = /GraphQL \+ GraphiQL\s+(\S+)/.exec(out)?.[1];
      const sim = /simulator control\s+(\S+)\/__stats/.exec(out)?.[1];
      if (graphql && sim) {
        clearTimeout(timer);
        resolve({ graphql, sim });
      }
    });
  });
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, urls, exited, output: () => out };
}

async function post(url: string, query: string) {
  const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query }) });
  return { status: res.status, body: (await res.json()) as any };
}

describe("graceful shutdown", () => {
  it("lets a request in flight finish while /readyz says 503 and new connections are refused", async () => {
    const g = await startRealGraph({ sim: { size: "small" } });
    try {
      g.sim.setKnobs({ yunzhong: { latencyMs: 800 } });
      const started = Date.now();
      const pending = g.post(SLOW);
      await sleep(200);
      const shutdown = g.server.shutdown();
      const ready = await g.server.app.fetch("http://graph.test/readyz");
      expect(ready.status).toBe(503);
      expect(await ready.json()).toMatchObject({ ready: false, shuttingDown: true });
      await expect(fetch(`${g.server.url}/healthz`)).rejects.toThrow();
      const res = await pending;
      expect(res.status).toBe(200);
      expect(res.body.errors).toBeUndefined();
      expect(res.body.data.corps.map((c: any) => c.customers.totalCount)).toEqual(
        g.sim.dataset.corps.filter((c) => c.mapped).map((c) => g.sim.dataset.customerRows.filter((r) => r.corpId === c.corpId).length),
      );
      await shutdown;
      expect(Date.now() - started).toBeGreaterThanOrEqual(800);
    } finally {
      await g.close();
    }
  });

  it("cuts what is still running when shutdownGraceMs is over", async () => {
    const g = await startRealGraph({ sim: { size: "small", knobs: { yunzhong: { timeout: true } } }, config: { shutdownGraceMs: 300 } });
    try {
      const pending = g.post(SLOW).catch((e: Error) => e);
      await sleep(200);
      const started = Date.now();
      await g.server.shutdown();
      const took = Date.now() - started;
      expect(took).toBeGreaterThanOrEqual(250);
      expect(took).toBeLessThan(1500);
      expect(await pending).toBeInstanceOf(Error);
      expect(g.logs.some((l) => l.msg === "shutdown grace over: cutting the requests still in flight" && l.obj["cut"] === 1)).toBe(true);
    } finally {
      await g.close();
    }
  });

  it("SIGTERM to the server process: the slow request finishes, then the process exits 0", async () => {
    const { child, urls, exited } = await spawnServer(process.execPath, ["--import", "tsx", "src/server/main.ts"]);
    const control = await fetch(`${urls.sim}/__control`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ yunzhong: { latencyMs: 1000 } }) });
    expect(control.status).toBe(200);
    const order: string[] = [];
    const pending = post(urls.graphql, SLOW).then((r) => (order.push("answered"), r));
    void exited.then(() => order.push("exited"));
    await sleep(300);
    child.kill("SIGTERM");
    const res = await pending;
    expect(res.status).toBe(200);
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.corps.length).toBeGreaterThan(0);
    expect(await exited).toBe(0);
    expect(order).toEqual(["answered", "exited"]);
  });

  it("`npm start` under a supervisor: SIGTERM to npm leaves no process holding the port", async () => {
    const npm = process.platform === "win32" ? "npm.cmd" : "npm";
    const { child, urls, exited } = await spawnServer(npm, ["start", "--silent"]);
    expect((await post(urls.graphql, "{ corps { corpId } }")).status).toBe(200);
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
    await expect(fetch(urls.graphql.replace("/graphql", "/healthz"))).rejects.toThrow();
    await expect(fetch(`${urls.sim}/__stats`)).rejects.toThrow();
  });
});

describe("production", () => {
  it("NODE_ENV=production without a config file refuses to start instead of serving simulators", async () => {
    const start = startServer({ env: { NODE_ENV: "production", PORT: "0", SIM_PORT: "0" } });
    await expect(start).rejects.toThrow(ConfigError);
    await expect(start).rejects.toThrow(
      "NODE_ENV=production needs a config file (--config FILE or WECOM_GRAPH_CONFIG): without one wecom-graph would serve its built-in simulators",
    );
  });
});
