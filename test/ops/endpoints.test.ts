// The operator's endpoints and request ids, through a real server: /healthz, /readyz with vendor
// probes, /metrics moving with traffic, x-request-id on every response and in every log line.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PROBE_USER_ID } from "../../src/ops/Readiness.js";
import { dataCalls } from "../helpers/graph.js";
import { startRealGraph, type RealGraph } from "../helpers/server.js";

let g: RealGraph;
beforeAll(async () => {
  g = await startRealGraph();
});
afterAll(() => g.close());

const get = async (graph: RealGraph, path: string, headers: Record<string, string> = {}) => {
  const res = await fetch(graph.server.url + path, { headers });
  return { status: res.status, headers: res.headers, text: await res.text() };
};

/** The value of one sample line of a Prometheus text exposition (0 when absent). */
function sample(text: string, name: string, labels: Record<string, string> = {}): number {
  const want = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  for (const line of text.split("\n")) {
    const m = /^([a-z_]+)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const have = m[2] ? m[2].split(/,(?=[a-z_]+=")/) : [];
    if (want.every((w) => have.includes(w)) && have.length === want.length) return Number(m[3]);
  }
  return 0;
}

describe("health and readiness", () => {
  it("/healthz answers 200 while the process serves", async () => {
    const res = await get(g, "/healthz");
    expect(res.status).toBe(200);
    expect(JSON.parse(res.text)).toEqual({ status: "ok" });
    expect(res.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("/readyz is 200 when every vendor answered its probe, which is cached for a few seconds", async () => {
    const before = g.sim.stats();
    const first = await get(g, "/readyz");
    expect(first.status).toBe(200);
    const body = JSON.parse(first.text);
    expect(body).toMatchObject({ ready: true, shuttingDown: false });
    for (const vendor of ["yunzhenji", "shiheng", "yunzhong", "directory"]) {
      expect(body.vendors[vendor]).toMatchObject({ state: "up" });
      expect(body.vendors[vendor].checkedAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    }
    // Polled again at once (as by several load balancers), the probes are not repeated.
    await Promise.all([get(g, "/readyz"), get(g, "/readyz"), get(g, "/readyz")]);
    expect(dataCalls(g.sim.stats())).toEqual({
      yunzhenji: dataCalls(before).yunzhenji + 1,
      shiheng: dataCalls(before).shiheng + 1,
      yunzhong: dataCalls(before).yunzhong + 1,
      directory: dataCalls(before).directory + 1,
    });
  });

  it("/readyz is 503 naming the vendor that is down; a vendor answering 'no such user' to the probe is up", async () => {
    const down = await startRealGraph({ sim: { size: "small", knobs: { yunzhong: { forceError: "http502" } } } });
    try {
      const res = await get(down, "/readyz");
      expect(res.status).toBe(503);
      const body = JSON.parse(res.text);
      expect(body.ready).toBe(false);
      expect(body.vendors.yunzhong).toMatchObject({ state: "down", code: "UPSTREAM_ERROR" });
      expect(body.vendors.directory).toMatchObject({ state: "up" });
      expect(body.vendors.yunzhenji).toMatchObject({ state: "up" });
      expect(body.vendors.shiheng).toMatchObject({ state: "up" });
      // The reason is logged, not served to whoever asks.
      expect(res.text).not.toContain("HTTP");
      expect(down.logs.some((l) => l.msg === "readiness: yunzhong is down" && /HTTP 502/.test(String(l.obj["error"])))).toBe(true);
      expect(down.sim.dataset.employees.some((e) => e.userId === PROBE_USER_ID)).toBe(false);
    } finally {
      await down.close();
    }
  });

  it("a vendor left out of the config is off and does not make the graph unready", async () => {
    const only = await startRealGraph({ sim: { size: "small" }, config: (raw) => ({ ...raw, vendors: { directory: raw.vendors.directory } }) });
    try {
      const res = await get(only, "/readyz");
      expect(res.status).toBe(200);
      expect(JSON.parse(res.text).vendors).toMatchObject({ yunzhenji: { state: "off" }, shiheng: { state: "off" }, yunzhong: { state: "off" }, directory: { state: "up" } });
    } finally {
      await only.close();
    }
  });
});

describe("metrics", () => {
  it("counters move with traffic: vendor calls by outcome, operations, rejections", async () => {
    const before = await get(g, "/metrics");
    expect(before.status).toBe(200);
    expect(before.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
    for (const name of [
      "wecom_graph_upstream_requests_total",
      "wecom_graph_upstream_request_duration_seconds",
      "wecom_graph_cache_requests_total",
      "wecom_graph_quota_waits_total",
      "wecom_graph_graphql_operations_total",
      "wecom_graph_graphql_operation_duration_seconds",
      "wecom_graph_graphql_rejected_total",
    ]) {
      expect(before.text).toContain(`# TYPE ${name} `);
    }
    expect(before.text).toContain("# TYPE wecom_graph_upstream_request_duration_seconds histogram");
    expect(before.text).toContain("process_cpu_seconds_total");

    const corp = g.sim.dataset.corps.find((c) => c.mapped)!;
    const calls = g.sim.stats();
    const ok = await g.post(`query Customers($c: String!) { corp(corpId: $c) { customers(first: 40) { edges { node { name } } } } }`, { c: corp.corpId });
    expect(ok.body.errors).toBeUndefined();
    const pages = dataCalls(g.sim.stats()).yunzhong - dataCalls(calls).yunzhong;
    expect(pages).toBe(3);
    g.sim.setKnobs({ directory: { failNext: 3, failWith: "http500" } });
    const e = g.sim.dataset.employees.find((x) => x.corpId === corp.corpId)!;
    const failed = await g.post(`query Who($c: String!, $u: String!) { employee(corpId: $c, userId: $u) { position } }`, { c: corp.corpId, u: e.userId });
    expect(failed.body.errors[0].extensions.code).toBe("UPSTREAM_ERROR");
    await g.post(`{ corps { nope } }`);

    const after = (await get(g, "/metrics")).text;
    const delta = (name: string, labels: Record<string, string>) => sample(after, name, labels) - sample(before.text, name, labels);
    expect(delta("wecom_graph_upstream_requests_total", { vendor: "yunzhong", endpoint: "getList", outcome: "ok", client: "anonymous" })).toBe(3);
    expect(delta("wecom_graph_upstream_request_duration_seconds_count", { vendor: "yunzhong", endpoint: "getList" })).toBe(3);
    // One getUser and its two retries, each a call the vendor saw and refused.
    expect(delta("wecom_graph_upstream_requests_total", { vendor: "directory", endpoint: "getUser", outcome: "UPSTREAM_ERROR", client: "anonymous" })).toBe(3);
    expect(delta("wecom_graph_graphql_operations_total", { operation: "Customers", type: "query", outcome: "ok", client: "anonymous" })).toBe(1);
    expect(delta("wecom_graph_graphql_operations_total", { operation: "Who", type: "query", outcome: "partial", client: "anonymous" })).toBe(1);
    expect(delta("wecom_graph_graphql_operation_duration_seconds_count", { operation: "Customers", type: "query" })).toBe(1);
    expect(delta("wecom_graph_graphql_rejected_total", { reason: "validation" })).toBe(1);
  });
});

describe("request ids", () => {
  it("keeps a sane x-request-id from the client, replaces anything else, and names it in every log line of the request", async () => {
    const given = await g.post(`{ corps { customers(first: 1) { totalCount } } }`, undefined, { headers: { "x-request-id": "req-7f3a:01" } });
    expect(given.headers.get("x-request-id")).toBe("req-7f3a:01");
    const lines = g.logs.filter((l) => l.obj["requestId"] === "req-7f3a:01");
    // Its vendor calls (debug), and its operation line.
    expect(lines.filter((l) => l.msg === "upstream call" && l.obj["vendor"] === "yunzhong").length).toBe(g.sim.dataset.corps.filter((c) => c.mapped).length);
    expect(lines.filter((l) => l.msg === "graphql operation")).toHaveLength(1);

    const odd = await g.post(`{ corps { corpId } }`, undefined, { headers: { "x-request-id": "bad id\twith spaces" } });
    expect(odd.headers.get("x-request-id")).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const none = await g.post(`{ corps { corpId } }`);
    expect(none.headers.get("x-request-id")).not.toBe(odd.headers.get("x-request-id"));
  });

  it("logs a rejected operation once, with its request id, reason and error", async () => {
    const res = await g.post(`{ corps { corpId `, undefined, { headers: { "x-request-id": "parse-fail-1" } });
    expect(res.body.errors[0].extensions.code).toBe("GRAPHQL_PARSE_FAILED");
    const lines = g.logs.filter((l) => l.obj["requestId"] === "parse-fail-1");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: "info", msg: "request rejected", obj: { reason: "parse", code: "GRAPHQL_PARSE_FAILED", status: 200, path: "/graphql" } });
    expect(lines[0]!.obj["error"]).toMatch(/^Syntax Error/);
  });
});
