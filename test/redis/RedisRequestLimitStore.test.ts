// Request limits across replicas (README, Sharing the vendors' quotas): two real servers sharing
// one real redis-server count each client's requests in one window, and when Redis stops they
// fail open (every request served, one warning for the outage), then count again once it is back.
import { spawn } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulators, type RunningSimulators } from "../../src/simulators/startSimulators.js";
import { startConfiguredGraph, type ConfiguredGraph } from "../helpers/auth.js";
import { startRedisServer, type RedisServer } from "../helpers/redisServer.js";
import { sleep } from "../helpers/sleep.js";

const CRM_KEY = "crm-web-key-1f0c7a9e5d";
const REPORTS_KEY = "reports-key-88b2d4c6a1";
const ACCOUNTS = "{ accounts(first: 1) { totalCount } }";
// No vendor call: what is measured is the limit alone, whatever Redis does to the quota windows.
const CORPS = "{ corps { corpId } }";
const LIMIT_WARNING = /redis unavailable for the clients' request limits/;

/** A redis-server on a given port (the one a test stopped), nothing persisted. */
async function redisOn(port: number): Promise<{ stop(): Promise<void> }> {
  const child = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], { stdio: ["ignore", "pipe", "pipe"] });
  const ready = await new Promise<boolean>((resolve) => {
    let out = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes("Ready to accept connections")) resolve(true);
    });
    child.once("exit", () => resolve(false));
  });
  if (!ready) throw new Error(`redis-server did not start again on port ${port}`);
  return {
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
    },
  };
}

async function until(what: string, check: () => boolean, ms = 10_000): Promise<void> {
  const stopAt = Date.now() + ms;
  while (!check()) {
    if (Date.now() > stopAt) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

let sim: RunningSimulators;
let redis: RedisServer;
let restarted: { stop(): Promise<void> } | null = null;
let a: ConfiguredGraph;
let b: ConfiguredGraph;
const prefix = "request-limits-test:";

beforeAll(async () => {
  [sim, redis] = await Promise.all([startSimulators({ size: "small" }), startRedisServer()]);
  const extra = {
    auth: { apiKeys: [{ name: "crm-web", key: CRM_KEY }, { name: "reports", key: REPORTS_KEY }] },
    clients: { reports: { priority: "batch", requestsPerMinute: 3 } },
    redis: { url: redis.url, keyPrefix: prefix },
  };
  [a, b] = await Promise.all([startConfiguredGraph(extra, { sim }), startConfiguredGraph(extra, { sim })]);
});
afterAll(async () => {
  await Promise.all([a?.close(), b?.close()]);
  await Promise.all([sim?.close(), redis?.stop(), restarted?.stop()]);
});

describe("request limits on Redis", () => {
  it("two servers share each client's window: the client is refused on both once it has used its limit across them", async () => {
    expect((await a.post(ACCOUNTS, { key: REPORTS_KEY })).status).toBe(200);
    expect((await b.post(ACCOUNTS, { key: REPORTS_KEY })).status).toBe(200);
    expect((await a.post(ACCOUNTS, { key: REPORTS_KEY })).status).toBe(200);
    expect(await redis.client.zcard(`${prefix}clients:reports:requests`)).toBe(3);
    for (const server of [b, a]) {
      let refused: Awaited<ReturnType<ConfiguredGraph["post"]>> | undefined;
      expect(await server.vendorCalls(async () => (refused = await server.post(ACCOUNTS, { key: REPORTS_KEY })))).toBe(0);
      expect(refused!.status).toBe(429);
      const seconds = Number(refused!.headers.get("retry-after"));
      expect(seconds).toBeGreaterThanOrEqual(50);
      expect(seconds).toBeLessThanOrEqual(60);
      expect(refused!.body).toEqual({ errors: [{ message: `Client "reports" is over its 3 requests a minute; retry in ${seconds} s.`, extensions: { code: "RATE_LIMITED" } }] });
    }
    // A client without a limit is served on both, and costs Redis nothing.
    for (const server of [a, b, a, b]) expect((await server.post(ACCOUNTS, { key: CRM_KEY })).status).toBe(200);
    expect(await redis.client.exists(`${prefix}clients:crm-web:requests`)).toBe(0);
  });

  it("fails open while Redis is down, with one warning for the outage, and limits again once it is back", async () => {
    await redis.stop();
    for (let i = 0; i < 6; i++) {
      const served = await a.post(CORPS, { key: REPORTS_KEY });
      expect(served.status).toBe(200);
      expect(served.body.data.corps.length).toBeGreaterThan(0);
    }
    const warnings = () => a.logs.lines.filter((l) => l.level === "warn" && LIMIT_WARNING.test(l.msg ?? ""));
    expect(warnings()).toHaveLength(1);
    for (let i = 0; i < 6; i++) expect((await a.post(CORPS, { key: REPORTS_KEY })).status).toBe(200);
    expect(warnings()).toHaveLength(1);

    // Back, and empty (nothing was persisted): the client has its whole limit again, and no more.
    restarted = await redisOn(redis.port);
    await until("the server's Redis connection to be ready again", () => a.logs.lines.some((l) => l.msg === "redis is back"));
    for (let i = 0; i < 3; i++) expect((await a.post(CORPS, { key: REPORTS_KEY })).status).toBe(200);
    expect((await a.post(CORPS, { key: REPORTS_KEY })).status).toBe(429);
    expect(a.logs.lines.some((l) => l.level === "info" && /redis answers again; the clients' request limits/.test(l.msg ?? ""))).toBe(true);
    expect(warnings()).toHaveLength(1);
  });
});
