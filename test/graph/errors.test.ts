// Vendor failures through the public graph: partial results, one error per failed call with its
// code, vendor and every affected path, and nothing secret in what the client sees.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { SIM_CREDENTIALS } from "../../src/simulators/credentials.js";
import { dataCalls, startTestGraph, type TestGraph } from "../helpers/graph.js";
import { mappedCorps, rowsOfCorp } from "../helpers/expectedGraph.js";

let g: TestGraph;
beforeAll(async () => {
  g = await startTestGraph({ sim: { size: "small" } });
});
afterEach(() => {
  g.sim.setKnobs({ yunzhenji: { forceError: null }, shiheng: { forceError: null }, yunzhong: { forceError: null, timeout: false }, directory: { forceError: null } });
});
afterAll(() => g.close());

const corpId = () => mappedCorps(g.sim.dataset)[0]!.corpId;
const secrets = [
  SIM_CREDENTIALS.yunzhenji.appSecret,
  SIM_CREDENTIALS.shiheng.appSecret,
  SIM_CREDENTIALS.yunzhong.headers.Cookie.split("=")[1]!,
  SIM_CREDENTIALS.directory.headers.Authorization.split(" ")[1]!,
];

describe("a directory outage", () => {
  it("leaves customers answered, with one UPSTREAM_ERROR naming every affected path", async () => {
    g.sim.setKnobs({ directory: { forceError: "http500" } });
    const rows = rowsOfCorp(g.sim.dataset, corpId()).slice(0, 10);
    const { result, calls } = await g.measure(`query($c: String!) { corp(corpId: $c) { customers(first: 10) { edges { node { name owner { name departmentIds } } } } } }`, { c: corpId() });
    expect(result.data.corp.customers.edges.map((e: any) => e.node.name)).toEqual(rows.map((r) => r.customer.name));
    // departmentIds is non-null and only the directory has it: the owner it could not be read for is
    // null (never `[]` standing in for departments we could not read).
    expect(result.data.corp.customers.edges.map((e: any) => e.node.owner)).toEqual(rows.map(() => null));
    expect(result.errors).toHaveLength(1);
    const [error] = result.errors!;
    expect(error!.extensions).toMatchObject({ code: "UPSTREAM_ERROR", vendor: "directory", endpoint: "getUser" });
    expect(error!.message).toMatch(/directory getUser .*HTTP 500/);
    const distinctOwners = new Set(rows.map((r) => r.ownerUserId.toLowerCase())).size;
    expect(error!.extensions!.paths).toHaveLength(10);
    expect(error!.path).toEqual(["corp", "customers", "edges", 0, "node", "owner", "departmentIds"]);
    // Once getUser failed, the rest of the request stops calling it: at most the first wave (and its retries).
    expect(dataCalls(calls).directory).toBeLessThanOrEqual(Math.min(distinctOwners, 8) * 3);
  });
});

describe("a yunzhong outage", () => {
  it("answers corps from the config and reports the failed yunzhong call once", async () => {
    g.sim.setKnobs({ yunzhong: { forceError: "login" } });
    const res = await g.query(`{ corps { corpId name tags { id } customers(first: 5) { totalCount edges { node { name } } } } }`);
    const corps = mappedCorps(g.sim.dataset);
    expect(res.data.corps).toEqual(corps.map((c) => ({ corpId: c.corpId, name: c.name, tags: null, customers: null })));
    expect(res.errors).toHaveLength(1);
    expect(res.errors![0]!.extensions).toMatchObject({ code: "UPSTREAM_UNAUTHORIZED", vendor: "yunzhong" });
    expect(res.errors![0]!.message).toContain("请先登录");
    const paths = corps.flatMap((_, i) => [["corps", i, "tags"], ["corps", i, "customers"]]);
    expect(res.errors![0]!.extensions!.paths).toHaveLength(paths.length);
    expect(res.errors![0]!.extensions!.paths).toEqual(expect.arrayContaining(paths));
  });

  it("a timeout is UPSTREAM_TIMEOUT", async () => {
    const fast = await startTestGraph({ sim: { size: "small" }, config: (c) => ({ ...c, vendors: { ...c.vendors, yunzhong: { ...c.vendors.yunzhong, timeoutMs: 200 } } }) });
    try {
      fast.sim.setKnobs({ yunzhong: { timeout: true } });
      const res = await fast.query(`{ corps { name customers { totalCount } } }`);
      expect(res.errors).toHaveLength(1);
      expect(res.errors![0]!.extensions).toMatchObject({ code: "UPSTREAM_TIMEOUT", vendor: "yunzhong" });
      expect(res.data.corps.map((c: any) => c.name)).toEqual(mappedCorps(fast.sim.dataset).map((c) => c.name));
    } finally {
      await fast.close();
    }
  });
});

describe("rate limits and auth", () => {
  it("a yunzhenji rate limit is UPSTREAM_RATE_LIMITED, not retried", async () => {
    g.sim.setKnobs({ yunzhenji: { forceError: "407" } });
    const { result, calls } = await g.measure(`{ accounts(first: 5) { totalCount } }`);
    expect(result.errors![0]!.extensions).toMatchObject({ code: "UPSTREAM_RATE_LIMITED", vendor: "yunzhenji" });
    expect(result.data.accounts).toBeNull();
    expect(calls.yunzhenji["wechat/list"] + calls.yunzhenji["oauth/token"]).toBe(1);
  });

  it("a wrong shiheng secret is UPSTREAM_UNAUTHORIZED with the vendor's traceId, and no secret anywhere", async () => {
    const bad = await startTestGraph({ sim: { size: "small" }, config: (c) => ({ ...c, vendors: { ...c.vendors, shiheng: { ...c.vendors.shiheng, appSecret: "wrong-secret-value" } } }) });
    try {
      const res = await bad.query(`query($c: String!) { corp(corpId: $c) { employees { totalCount } } }`, { c: mappedCorps(bad.sim.dataset)[0]!.corpId });
      expect(res.errors).toHaveLength(1);
      expect(res.errors![0]!.extensions).toMatchObject({ code: "UPSTREAM_UNAUTHORIZED", vendor: "shiheng", vendorCode: "1001" });
      expect(res.errors![0]!.extensions!.traceId).toMatch(/^[0-9a-f]{32}$/);
      const text = JSON.stringify(res) + JSON.stringify(bad.logs);
      for (const s of [...secrets, "wrong-secret-value"]) expect(text).not.toContain(s);
    } finally {
      await bad.close();
    }
  });

  it("no secret reaches an error or a log line when every vendor fails", async () => {
    g.sim.setKnobs({ yunzhenji: { forceError: "110" }, shiheng: { forceError: "1001" }, yunzhong: { forceError: "noright" }, directory: { forceError: "40014" } });
    const res = await g.query(`query($c: String!) { accounts { totalCount } corp(corpId: $c) { employees { totalCount } customers { totalCount } } employee(corpId: $c, userId: "x") { name } }`, { c: corpId() });
    expect(new Set(res.errors!.map((e) => e.extensions!.vendor))).toEqual(new Set(["yunzhenji", "shiheng", "yunzhong", "directory"]));
    const text = JSON.stringify(res) + JSON.stringify(g.logs);
    for (const s of secrets) expect(text).not.toContain(s);
  });
});

describe("vendors that are not configured", () => {
  it("resolve the fields that need them to null with one VENDOR_NOT_CONFIGURED; the rest answers", async () => {
    const partial = await startTestGraph({ sim: { size: "small" }, config: (c) => ({ ...c, vendors: { yunzhong: c.vendors.yunzhong } }) });
    try {
      const c = mappedCorps(partial.sim.dataset)[0]!;
      const rows = rowsOfCorp(partial.sim.dataset, c.corpId).slice(0, 3);
      const res = await partial.query(
        `query($c: String!) { corp(corpId: $c) { name accounts { totalCount } customers(first: 3) { edges { node { name owner { name departmentIds } } } } } accounts { totalCount } }`,
        { c: c.corpId },
      );
      expect(res.data.corp.name).toBe(c.name);
      expect(res.data.corp.customers.edges.map((e: any) => e.node.name)).toEqual(rows.map((r) => r.customer.name));
      expect(res.data.corp.accounts).toBeNull();
      expect(res.data.accounts).toBeNull();
      // Only the directory carries departmentIds (non-null), so each owner asking for it is null.
      expect(res.data.corp.customers.edges.map((e: any) => e.node.owner)).toEqual([null, null, null]);
      const byVendor = Object.fromEntries(res.errors!.map((e) => [e.extensions!.vendor, e]));
      expect(res.errors).toHaveLength(2);
      expect(byVendor["yunzhenji"]!.extensions!.code).toBe("VENDOR_NOT_CONFIGURED");
      expect(byVendor["yunzhenji"]!.extensions!.paths).toEqual([["corp", "accounts"], ["accounts"]]);
      expect(byVendor["directory"]!.extensions!.code).toBe("VENDOR_NOT_CONFIGURED");
      expect(byVendor["directory"]!.message).toMatch(/directory is not configured/);
    } finally {
      await partial.close();
    }
  });
});

describe("unknown and undecodable ids", () => {
  it("an id that is not ours is BAD_USER_INPUT; an unknown one is null without an error", async () => {
    const res = await g.query(`{ node(id: "not-an-id!") { id } }`);
    expect(res.errors![0]!.extensions!.code).toBe("BAD_USER_INPUT");
    const unknown = Buffer.from('Corp:["wwnope"]').toString("base64url");
    expect(await g.query(`{ node(id: "${unknown}") { id } corp(corpId: "wwnope") { name } }`)).toEqual({ data: { node: null, corp: null } });
  });
});

describe("request errors", () => {
  it("a variable of the wrong type is BAD_USER_INPUT", async () => {
    const res = await g.query(`query($f: Int) { accounts(first: $f) { totalCount } }`, { f: "many" });
    expect(res.errors).toHaveLength(1);
    expect(res.errors![0]!.extensions!.code).toBe("BAD_USER_INPUT");
    expect(res.errors![0]!.message).toMatch(/\$f/);
  });

  it("a query deeper than the limit is refused before any vendor is called", async () => {
    let deep = "corpId";
    for (let i = 0; i < 8; i++) deep = `customers(first: 1) { edges { node { owner { corp { ${deep} } } } } }`;
    const { result, calls } = await g.measure(`{ corps { ${deep} } }`);
    expect(result.data ?? null).toBeNull();
    expect(result.errors!.map((e) => e.message)).toContainEqual(expect.stringMatching(/(depth|cost) limit of \d+ exceeded/i));
    expect(dataCalls(calls)).toEqual({ yunzhenji: 0, shiheng: 0, yunzhong: 0, directory: 0 });
  });
});
