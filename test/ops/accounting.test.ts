// Accounting (README, Sharing the vendors' quotas) on a real server started from a config file:
// every vendor exchange is charged to exactly one client on /metrics, so the per-client sums of
// wecom_graph_upstream_requests_total equal what the simulators counted for each client's
// requests (two API-key clients and a JWT client; retries and the yunzhenji token fetch
// included); operations are counted per client; open subscriptions are a gauge per stream.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulators, type RunningSimulators, type SimStats } from "../../src/simulators/startSimulators.js";
import { now, signingKey, signJwt, startConfiguredGraph, startJwks, type ConfiguredGraph, type JwksServer } from "../helpers/auth.js";
import { subscribeSse } from "../helpers/sse.js";
import { sleep } from "../helpers/sleep.js";

const CRM_KEY = "crm-web-key-1f0c7a9e5d";
const REPORTS_KEY = "reports-key-88b2d4c6a1";
const ISSUER = "https://idp.example.cn";
const AUDIENCE = "wecom-graph";

/** Every sample of `name` as its labels and value. */
function samples(text: string, name: string): { labels: Record<string, string>; value: number }[] {
  const out: { labels: Record<string, string>; value: number }[] = [];
  for (const line of text.split("\n")) {
    const m = /^([a-z_]+)\{(.*)\} (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const labels: Record<string, string> = {};
    for (const pair of (m[2] as string).split(/,(?=[a-z_]+=")/)) {
      const [k, v] = pair.split("=") as [string, string];
      labels[k] = JSON.parse(v) as string;
    }
    out.push({ labels, value: Number(m[3]) });
  }
  return out;
}

/** Calls per "vendor endpoint" of one client, from /metrics. */
function chargedTo(text: string, client: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const s of samples(text, "wecom_graph_upstream_requests_total")) {
    if (s.labels["client"] !== client || s.value === 0) continue;
    const key = `${s.labels["vendor"]} ${s.labels["endpoint"]}`;
    out[key] = (out[key] ?? 0) + s.value;
  }
  return out;
}

/** Calls per "vendor endpoint" between two simulator snapshots. */
function simDelta(after: SimStats, before: SimStats): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [vendor, endpoints] of Object.entries(after as Record<string, Record<string, number>>)) {
    for (const [endpoint, n] of Object.entries(endpoints)) {
      const d = n - ((before as Record<string, Record<string, number>>)[vendor]?.[endpoint] ?? 0);
      if (d > 0) out[`${vendor} ${endpoint}`] = d;
    }
  }
  return out;
}

async function eventually(check: () => Promise<boolean>, what: string): Promise<void> {
  const stopAt = Date.now() + 5000;
  while (!(await check())) {
    if (Date.now() > stopAt) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

function add(into: Record<string, number>, more: Record<string, number>): void {
  for (const [k, v] of Object.entries(more)) into[k] = (into[k] ?? 0) + v;
}

let sim: RunningSimulators;
let jwks: JwksServer;
let graph: ConfiguredGraph;
const key = signingKey("acct-key", "RS256");
const jwtOf = (claims: Record<string, unknown>) => signJwt(key, { iss: ISSUER, aud: AUDIENCE, exp: now() + 600, iat: now(), ...claims });

beforeAll(async () => {
  sim = await startSimulators({ size: "small" });
  jwks = await startJwks([key]);
  graph = await startConfiguredGraph(
    {
      auth: {
        apiKeys: [{ name: "crm-web", key: CRM_KEY, scopes: ["pii"] }, { name: "reports", key: REPORTS_KEY }],
        jwt: { jwksUrl: jwks.url, issuer: ISSUER, audience: AUDIENCE },
      },
      clients: { reports: { priority: "batch", maxShare: 0.5 } },
      live: { pollSeconds: 0.2 },
    },
    { sim },
  );
});
afterAll(async () => {
  await graph?.close();
  await Promise.all([sim?.close(), jwks?.close()]);
});

const metrics = async () => (await fetch(`${graph.server.url}/metrics`)).text();

describe("accounting per client", () => {
  it("charges every vendor exchange to the client whose request made it: /metrics per client equals the simulators' counts", async () => {
    const corp = sim.dataset.corps.find((c) => c.mapped)!;
    const employee = sim.dataset.employees.find((e) => e.corpId === corp.corpId)!;
    const mobile = jwtOf({ azp: "mobile-app", sub: "user-7" });
    // Who sends what: the first yunzhenji call (crm-web's) fetches the token; reports' employee
    // list meets one transient shiheng failure, so its retry is charged to it too.
    const plan: { client: string; bearer: string; query: string; variables?: Record<string, unknown>; before?: () => void }[] = [
      { client: "crm-web", bearer: CRM_KEY, query: "{ accounts(first: 5) { totalCount edges { node { wxid } } } }" },
      { client: "crm-web", bearer: CRM_KEY, query: "query($c: String!) { corp(corpId: $c) { customers(first: 20) { edges { node { name owner { name } } } } } }", variables: { c: corp.corpId } },
      { client: "reports", bearer: REPORTS_KEY, query: "query($c: String!) { corp(corpId: $c) { employees(first: 60) { totalCount edges { node { name } } } } }", variables: { c: corp.corpId }, before: () => sim.setKnobs({ shiheng: { failNext: 1, failWith: "http500" } }) },
      { client: "reports", bearer: REPORTS_KEY, query: "{ accounts(first: 100, online: true) { totalCount } }" },
      { client: "mobile-app", bearer: mobile, query: "query($c: String!, $u: String!) { employee(corpId: $c, userId: $u) { name position } }", variables: { c: corp.corpId, u: employee.userId } },
      { client: "mobile-app", bearer: mobile, query: "query($c: String!) { corp(corpId: $c) { customers(first: 30) { totalCount } } }", variables: { c: corp.corpId } },
    ];
    const startMetrics = await metrics();
    const expected: Record<string, Record<string, number>> = {};
    for (const step of plan) {
      step.before?.();
      const before = sim.stats();
      const answer = await graph.post(step.query, { key: step.bearer, ...(step.variables ? { variables: step.variables } : {}) });
      expect(answer.status).toBe(200);
      expect(answer.body.errors).toBeUndefined();
      add((expected[step.client] ??= {}), simDelta(sim.stats(), before));
    }
    // What the plan was meant to show: a token fetch, a retry, and every vendor.
    expect(expected["crm-web"]!["yunzhenji oauth/token"]).toBe(1);
    expect(expected["reports"]!["shiheng employee/list"]).toBeGreaterThanOrEqual(2);
    expect(expected["mobile-app"]!["directory getUser"]).toBe(1);

    const endMetrics = await metrics();
    for (const client of ["crm-web", "reports", "mobile-app"]) {
      const charged = chargedTo(endMetrics, client);
      for (const [k, v] of Object.entries(chargedTo(startMetrics, client))) charged[k] = (charged[k] ?? 0) - v;
      for (const k of Object.keys(charged)) if (charged[k] === 0) delete charged[k];
      expect({ client, charged }).toEqual({ client, charged: expected[client] });
    }
    // The retry shows as a failed call and an answered one, both reports'.
    const shiheng = samples(endMetrics, "wecom_graph_upstream_requests_total").filter((s) => s.labels["client"] === "reports" && s.labels["vendor"] === "shiheng");
    expect(shiheng.find((s) => s.labels["outcome"] === "UPSTREAM_ERROR")?.value).toBe(1);
    // Nothing the graph did was charged to nobody.
    expect(chargedTo(endMetrics, "anonymous")).toEqual({});

    // Operations per client.
    const ops = (text: string, client: string) => samples(text, "wecom_graph_graphql_operations_total").filter((s) => s.labels["client"] === client).reduce((n, s) => n + s.value, 0);
    for (const client of ["crm-web", "reports", "mobile-app"]) expect(ops(endMetrics, client) - ops(startMetrics, client)).toBe(2);
  });

  it("takes the JWT's client from clientClaim's default, azp, then sub", async () => {
    const before = await metrics();
    const subOnly = jwtOf({ sub: "script-42" });
    expect((await graph.post("{ accounts(first: 1) { totalCount } }", { key: subOnly })).status).toBe(200);
    const after = await metrics();
    const count = (text: string) => samples(text, "wecom_graph_upstream_requests_total").filter((s) => s.labels["client"] === "script-42").reduce((n, s) => n + s.value, 0);
    expect(count(after) - count(before)).toBe(1);
  });
});

describe("the subscriptions gauge", () => {
  it("counts open subscriptions per stream, down again when they end", async () => {
    const gauge = async () => {
      const text = await metrics();
      return Object.fromEntries(samples(text, "wecom_graph_subscriptions").map((s) => [s.labels["stream"], s.value]));
    };
    expect(await gauge()).toEqual({ accountStatusChanged: 0, customerAdded: 0, customerLost: 0 });
    const corp = sim.dataset.corps.find((c) => c.mapped)!;
    const headers = { authorization: `Bearer ${CRM_KEY}` };
    const accounts = [
      await subscribeSse(graph.server.graphqlUrl, "subscription { accountStatusChanged { wxid online } }", {}, { headers }),
      await subscribeSse(graph.server.graphqlUrl, "subscription { accountStatusChanged { wxid } }", {}, { headers }),
    ];
    const added = await subscribeSse(graph.server.graphqlUrl, "subscription($c: String!) { customerAdded(corpId: $c) { name } }", { c: corp.corpId }, { headers });
    for (const s of [...accounts, added]) expect(s.status).toBe(200);
    await eventually(async () => (await gauge())["customerAdded"] === 1, "the subscriptions to open");
    expect(await gauge()).toEqual({ accountStatusChanged: 2, customerAdded: 1, customerLost: 0 });
    accounts[0]!.close();
    await eventually(async () => (await gauge())["accountStatusChanged"] === 1, "one subscription to end");
    accounts[1]!.close();
    added.close();
    await eventually(async () => {
      const g = await gauge();
      return g["accountStatusChanged"] === 0 && g["customerAdded"] === 0;
    }, "every subscription to end");
    expect(await gauge()).toEqual({ accountStatusChanged: 0, customerAdded: 0, customerLost: 0 });
  });
});
