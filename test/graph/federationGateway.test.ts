// The graph as one subgraph of a supergraph: composed with the example HR subgraph by
// @apollo/composition (and, to show Hive's own tooling agrees, by @theguild/federation-composition),
// served by Hive Gateway as a real child process with demand control on, queried through it.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { composeServices } from "@theguild/federation-composition";
import { parse } from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { composeSupergraph, fetchSubgraphSdl, type Supergraph } from "../../examples/federation/compose.js";
import { startGateway, type RunningGateway } from "../../examples/federation/gateway.js";
import { hrRecordsFor, startHrSubgraph, type HrRecord, type RunningHrSubgraph } from "../../examples/federation/hr-subgraph.js";
import { MAX_FIRST } from "../../src/domain/paging.js";
import { mobileKey } from "../../src/domain/mobile.js";
import { schema } from "../../src/graph/schema.js";
import { connectionPages, estimateCost } from "../../src/limits/queryCost.js";
import { createApp } from "../../src/server/app.js";
import { configSchema, type AppConfig } from "../../src/server/config.js";
import type { Dataset } from "../../src/simulators/dataset.js";
import { simulatorConfig } from "../../src/simulators/simulatorConfig.js";
import { startSimulators, type RunningSimulators, type SimStats } from "../../src/simulators/startSimulators.js";
import { orNull } from "../helpers/expectedGraph.js";
import { dataCalls, type GraphResult } from "../helpers/graph.js";

const SUBGRAPH_FILE = new URL("../../schema/subgraph.graphql", import.meta.url);

let sim: RunningSimulators;
let wecom: Server;
const KEY = "gateway-test-key-9c31d0e5";
let wecomUrl: string;
let hr: RunningHrSubgraph;
let gateway: RunningGateway;
let supergraph: Supergraph;
let records: HrRecord[];
let tmp: string;
let config: AppConfig;
// Authorization as wecom-graph received it, one entry per request, to see what the gateway forwards.
const received: (string | null)[] = [];

beforeAll(async () => {
  sim = await startSimulators();
  // Our graph asks for a key, as it does in production: the gateway must forward the client's.
  config = configSchema.parse({ ...simulatorConfig(sim.url, sim.dataset), auth: { apiKeys: [{ name: "gateway-test", key: KEY, scopes: ["pii"] }] } });
  const app = createApp(config, { retryBaseDelayMs: 1 });
  wecom = createServer((req: IncomingMessage, res) => {
    received.push(req.headers.authorization ?? null);
    void app(req, res);
  });
  await new Promise<void>((resolve) => wecom.listen(0, "127.0.0.1", resolve));
  wecomUrl = `http://127.0.0.1:${(wecom.address() as AddressInfo).port}/graphql`;
  records = hrRecordsFor(sim.dataset, 10);
  hr = await startHrSubgraph(records);
  supergraph = composeSupergraph([
    { name: "wecom", url: wecomUrl, sdl: await fetchSubgraphSdl(wecomUrl, { authorization: `Bearer ${KEY}` }) },
    { name: "hr", url: hr.url, sdl: await fetchSubgraphSdl(hr.url) },
  ]);
  tmp = mkdtempSync(join(tmpdir(), "wecom-graph-federation-"));
  const file = join(tmp, "supergraph.graphql");
  writeFileSync(file, supergraph.sdl);
  gateway = await startGateway({ supergraphFile: file, maxCost: config.limits.maxQueryCost });
});

afterAll(async () => {
  await gateway?.close();
  await hr?.close();
  if (wecom) {
    wecom.closeAllConnections();
    await new Promise<void>((resolve) => wecom.close(() => resolve()));
  }
  await sim?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

async function viaGateway(query: string, headers: Record<string, string> = { authorization: `Bearer ${KEY}` }): Promise<{ result: GraphResult; calls: ReturnType<typeof dataCalls> }> {
  return post(gateway.graphqlUrl, query, headers);
}

/** The same request straight to wecom-graph, as the gateway would forward it. */
async function direct(query: string): Promise<{ result: GraphResult; calls: ReturnType<typeof dataCalls> }> {
  return post(wecomUrl, query, { authorization: `Bearer ${KEY}` });
}

async function post(url: string, query: string, headers: Record<string, string>): Promise<{ result: GraphResult; calls: ReturnType<typeof dataCalls> }> {
  const before = sim.stats();
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/graphql-response+json", ...headers },
    body: JSON.stringify({ query }),
  });
  const result = (await res.json()) as GraphResult;
  return { result, calls: diff(dataCalls(sim.stats()), dataCalls(before)) };
}

function diff(after: ReturnType<typeof dataCalls>, before: ReturnType<typeof dataCalls>) {
  const out = { ...after };
  for (const key of Object.keys(out) as (keyof typeof out)[]) out[key] -= before[key];
  return out;
}

function person(d: Dataset, r: HrRecord) {
  return d.employees.find((e) => e.corpId === r.corpId && e.userId.toLowerCase() === r.userId.toLowerCase()) ?? null;
}

/** What the supergraph must answer for one HR record, from the simulators' dataset. */
function expected(d: Dataset, r: HrRecord) {
  const e = person(d, r);
  const corp = d.corps.find((c) => c.corpId === r.corpId)!;
  const rows = d.customerRows.filter((x) => x.corpId === r.corpId && x.userid.toLowerCase() === r.userId.toLowerCase());
  return {
    userId: r.userId,
    hrLevel: r.hrLevel,
    name: e?.name ?? null,
    position: e ? orNull(e.position) : null,
    customers: { totalCount: rows.length, edges: rows.slice(0, 5).map((x) => ({ node: { name: orNull(x.customer.name) } })) },
    wecomAccounts: e ? d.accounts.filter((a) => a.yzjCorpId === corp.yzjCorpId && mobileKey(a.mobile) === e.mobile).map((a) => ({ wxid: a.wxid })) : [],
  };
}

const walkPages = () => Math.ceil(sim.dataset.employees.filter((e) => e.inShiheng).length / 50);

describe("composition", () => {
  it("our served subgraph SDL is the committed schema/subgraph.graphql and composes with HR's without errors or hints", async () => {
    expect(`${await fetchSubgraphSdl(wecomUrl, { authorization: `Bearer ${KEY}` })}\n`).toBe(readFileSync(SUBGRAPH_FILE, "utf8"));
    expect(supergraph.hints).toEqual([]);
    expect(supergraph.sdl).toContain('@join__type(graph: WECOM, key: "corpId userId")');
    expect(supergraph.sdl).toContain('@join__type(graph: HR, key: "corpId userId")');
  });
});

describe("composition by Hive's own tooling", () => {
  it("@theguild/federation-composition composes the same subgraphs without errors and keeps every cost directive", async () => {
    const sdl = await fetchSubgraphSdl(wecomUrl, { authorization: `Bearer ${KEY}` });
    const result = composeServices([
      { name: "wecom", url: wecomUrl, typeDefs: parse(sdl) },
      { name: "hr", url: hr.url, typeDefs: parse(await fetchSubgraphSdl(hr.url)) },
    ]);
    expect(result.errors?.map((e) => e.message)).toBeUndefined();
    // Applied ones only (a weight or a size), not the definitions.
    const directives = (text: string) => [...text.matchAll(/@cost\(weight: \d+\)|@listSize\((assumedSize: \d+|slicingArguments: [^)]*)\)/g)].map((m) => m[0]).sort();
    expect(directives(sdl).length).toBeGreaterThan(0);
    // The supergraph Hive Gateway serves (composed by @apollo/composition) and Hive's own carry them all.
    expect(directives(result.supergraphSdl ?? "")).toEqual(directives(sdl));
    expect(directives(supergraph.sdl)).toEqual(directives(sdl));
  });
});

describe("demand control in Hive Gateway", () => {
  const maxCost = () => config.limits.maxQueryCost;
  const corpId = () => records[0]!.corpId;
  // Customers with their owner's customers: the commonest way to ask for too much. With the outer
  // page at 100, the inner `first` decides: one more row and both refuse.
  const nested = (inner: number) => `{ corp(corpId: "${corpId()}") { customers(first: 100) { edges { node { owner { customers(first: ${inner}) { edges { node { name } } } } } } } } }`;
  const ours = (query: string) => estimateCost(schema, parse(query), undefined, {}, { corpCount: config.corps.length })!.cost;

  it("the gateway refuses the over-cost query we refuse, at our estimate, before calling wecom-graph", async () => {
    const query = nested(95);
    expect(ours(query)).toBeGreaterThan(maxCost());
    const from = received.length;
    const { result, calls } = await viaGateway(query);
    expect(result.data).toEqual({ corp: null });
    expect(result.errors).toHaveLength(1);
    expect(result.errors![0]!.extensions).toEqual({ code: "COST_ESTIMATED_TOO_EXPENSIVE", cost: { estimated: ours(query), max: maxCost() } });
    expect(received.length).toBe(from);
    expect(calls).toEqual({ yunzhenji: 0, shiheng: 0, yunzhong: 0, directory: 0 });
    // Sent to us directly, the same query is refused at the same figure.
    const ourAnswer = await direct(query);
    expect(ourAnswer.result.errors![0]!.extensions).toEqual({ code: "QUERY_TOO_COMPLEX" });
    expect(ourAnswer.result.errors![0]!.message).toContain(`this query may cost ${ours(query)} `);
    expect(ourAnswer.calls).toEqual({ yunzhenji: 0, shiheng: 0, yunzhong: 0, directory: 0 });
  });

  it("and lets through the one just under it, estimating what we estimate", async () => {
    const query = nested(94);
    expect(ours(query)).toBeLessThanOrEqual(maxCost());
    expect(ours(nested(95)) - ours(query)).toBe(200);
    const { result, calls } = await viaGateway(query);
    expect(result.errors).toBeUndefined();
    expect(result.extensions?.["cost"]).toEqual({ estimated: ours(query), max: maxCost() });
    expect(result.data.corp.customers.edges).toHaveLength(Math.min(100, sim.dataset.customerRows.filter((r) => r.corpId === corpId()).length));
    expect(calls.yunzhong).toBeGreaterThan(0);
  });

  it("prices every page at `first: 100`: a smaller page is estimated above ours by the pages it does not read", async () => {
    // The documented difference (README, "Demand control in a router"): a directive's weight is a constant.
    const query = `{ corp(corpId: "${corpId()}") { customers { totalCount edges { node { name tags { id } } } } } }`;
    const { result } = await viaGateway(query);
    expect(result.errors).toBeUndefined();
    expect(result.extensions?.["cost"].estimated - ours(query)).toBe(connectionPages("Corp.customers", MAX_FIRST) - connectionPages("Corp.customers", 20));
  });
});

describe("through Hive Gateway", () => {
  it("one query joins HR's grade with the employee's name, position, customers and cloud-phone accounts", async () => {
    const d = sim.dataset;
    // HR's books: staff shiheng lists, one only the directory knows, and a contractor nobody knows.
    expect(records.filter((r) => person(d, r)?.inShiheng)).toHaveLength(10);
    expect(records.filter((r) => person(d, r) && !person(d, r)!.inShiheng)).toHaveLength(1);
    expect(records.filter((r) => !person(d, r))).toHaveLength(1);
    expect(records.some((r) => expected(d, r).wecomAccounts.length > 0)).toBe(true);
    expect(records.some((r) => expected(d, r).customers.totalCount > 5)).toBe(true);
    // The batch outnumbers the pages of shiheng's list, so name comes from one walk of it.
    expect(records.length).toBeGreaterThan(Math.max(3, walkPages()));

    const { result, calls } = await viaGateway(`{ hrEmployees { userId hrLevel name position customers(first: 5) { totalCount edges { node { name } } } wecomAccounts { wxid } } }`);
    expect(result.errors).toBeUndefined();
    expect(result.data.hrEmployees).toEqual(records.map((r) => expected(d, r)));
    // All representations reach us in one _entities request and are batched there: one walk of
    // shiheng's list for the names, one getUser per distinct employee for position (which only
    // the directory has), one yunzhong page per employee's customer list, one yunzhenji walk.
    expect(calls).toEqual({ yunzhenji: Math.ceil(d.accounts.length / 100), shiheng: walkPages(), yunzhong: records.length, directory: records.length });
  });

  it("without a field only the directory has, only employees shiheng does not list cost a getUser", async () => {
    const d = sim.dataset;
    const { result, calls } = await viaGateway(`{ hrEmployees { hrLevel name customers(first: 5) { totalCount } } }`);
    expect(result.errors).toBeUndefined();
    expect(result.data.hrEmployees).toEqual(records.map((r) => ({ hrLevel: r.hrLevel, name: person(d, r)?.name ?? null, customers: { totalCount: expected(d, r).customers.totalCount } })));
    const unlisted = records.filter((r) => !person(d, r)?.inShiheng).length;
    expect(unlisted).toBe(2);
    expect(calls).toEqual({ yunzhenji: 0, shiheng: walkPages(), yunzhong: records.length, directory: unlisted });
  });

  it("a vendor failure reaches the client as one error with our code and vendor; HR's fields still answer", async () => {
    sim.setKnobs({ directory: { forceError: "http500" } });
    try {
      const { result } = await viaGateway(`{ hrEmployees { hrLevel position } }`);
      expect(result.data.hrEmployees).toEqual(records.map((r) => ({ hrLevel: r.hrLevel, position: null })));
      expect(result.errors).toHaveLength(1);
      expect(result.errors![0]!.message).toBe("directory getUser failed with HTTP 500");
      expect(result.errors![0]!.extensions).toMatchObject({ code: "UPSTREAM_ERROR", vendor: "directory", endpoint: "getUser" });
      expect(result.errors![0]!.path?.[0]).toBe("hrEmployees");
    } finally {
      sim.reset();
    }
  });

  it("the other way round: HR's grade on the employees wecom-graph lists", async () => {
    const corpId = records[0]!.corpId;
    const { result } = await viaGateway(`{ corp(corpId: "${corpId}") { employees(first: 20) { edges { node { userId hrLevel } } } } }`);
    expect(result.errors).toBeUndefined();
    const listed = sim.dataset.employees.filter((e) => e.corpId === corpId && e.inShiheng).sort((a, b) => a.shihengId - b.shihengId).slice(0, 20);
    const level = new Map(records.map((r) => [r.userId.toLowerCase(), r.hrLevel]));
    const nodes = listed.map((e) => ({ userId: e.userId, hrLevel: level.get(e.userId.toLowerCase()) ?? null }));
    expect(nodes.filter((n) => n.hrLevel !== null).length).toBeGreaterThan(0);
    expect(result.data.corp.employees.edges.map((x: any) => x.node)).toEqual(nodes);
  });

  it("forwards the client's Authorization header to wecom-graph, whose auth accepts it", async () => {
    const from = received.length;
    const { result } = await viaGateway(`{ hrEmployees { hrLevel name } }`);
    expect(result.errors).toBeUndefined();
    expect(result.data.hrEmployees.map((e: any) => e.hrLevel)).toEqual(records.map((r) => r.hrLevel));
    const seen = received.slice(from);
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((h) => h === `Bearer ${KEY}`)).toBe(true);
  });

  it("without a key, our fields fail with UNAUTHENTICATED through the gateway and no vendor is called", async () => {
    const { result, calls } = await viaGateway(`{ hrEmployees { hrLevel name } }`, {});
    expect(calls).toEqual({ yunzhenji: 0, shiheng: 0, yunzhong: 0, directory: 0 });
    expect(result.errors?.map((e) => e.extensions?.["code"])).toContain("UNAUTHENTICATED");
  });
});
