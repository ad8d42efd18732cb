// Per-client request limits (README, Sharing the vendors' quotas) on a real server started from a
// config file: a client over its requestsPerMinute gets 429 RATE_LIMITED with Retry-After before
// its body is even parsed and without a vendor call, while another client is served as before.
// The sliding window itself is checked on the in-process store with a hand-moved clock.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClient, GraphClientError } from "../../src/client/createClient.js";
import { CorpsOverviewDocument } from "../../src/client/generated/graphql.js";
import { MemoryRequestLimitStore } from "../../src/clients/MemoryRequestLimitStore.js";
import { startConfiguredGraph, type ConfiguredGraph } from "../helpers/auth.js";

const CRM_KEY = "crm-web-key-1f0c7a9e5d";
const REPORTS_KEY = "reports-key-88b2d4c6a1";
const ACCOUNTS = "{ accounts(first: 1) { totalCount } }";

function sample(text: string, name: string, labels: Record<string, string>): number {
  const want = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  for (const line of text.split("\n")) {
    const m = /^([a-z_]+)\{(.*)\} (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const have = (m[2] as string).split(/,(?=[a-z_]+=")/);
    if (want.every((w) => have.includes(w)) && have.length === want.length) return Number(m[3]);
  }
  return 0;
}

describe("requestsPerMinute on one server", () => {
  let graph: ConfiguredGraph;
  beforeAll(async () => {
    graph = await startConfiguredGraph({
      auth: { apiKeys: [{ name: "crm-web", key: CRM_KEY, scopes: ["pii"] }, { name: "reports", key: REPORTS_KEY }] },
      clients: { "crm-web": { priority: "interactive" }, reports: { priority: "batch", maxShare: 0.25, requestsPerMinute: 3 } },
    });
  });
  afterAll(() => graph.close());

  it("refuses the client over its limit with 429, Retry-After and RATE_LIMITED, and no vendor call, while another client is served", async () => {
    for (let i = 0; i < 3; i++) {
      const served = await graph.post(ACCOUNTS, { key: REPORTS_KEY });
      expect(served.status).toBe(200);
      expect(served.body.errors).toBeUndefined();
    }
    let refused: Awaited<ReturnType<ConfiguredGraph["post"]>> | undefined;
    expect(await graph.vendorCalls(async () => (refused = await graph.post(ACCOUNTS, { key: REPORTS_KEY })))).toBe(0);
    expect(refused!.status).toBe(429);
    const seconds = Number(refused!.headers.get("retry-after"));
    // The first of the three counted requests leaves the window a minute after it was made.
    expect(seconds).toBeGreaterThanOrEqual(55);
    expect(seconds).toBeLessThanOrEqual(60);
    expect(refused!.headers.get("content-type")).toMatch(/^application\/graphql-response\+json/);
    expect(refused!.headers.get("x-request-id")).toBeTruthy();
    expect(refused!.body).toEqual({
      errors: [{ message: `Client "reports" is over its 3 requests a minute; retry in ${seconds} s.`, extensions: { code: "RATE_LIMITED" } }],
    });

    // Another client is served normally, vendor calls and all, as often as it likes.
    for (let i = 0; i < 5; i++) {
      let served: Awaited<ReturnType<ConfiguredGraph["post"]>> | undefined;
      expect(await graph.vendorCalls(async () => (served = await graph.post(ACCOUNTS, { key: CRM_KEY })))).toBe(1);
      expect(served!.status).toBe(200);
      expect(served!.body.data.accounts.totalCount).toBeGreaterThan(0);
    }
    // Refused requests are not counted: the client stays refused only until its oldest request leaves.
    const again = await graph.post(ACCOUNTS, { key: REPORTS_KEY });
    expect(again.status).toBe(429);
    expect(Number(again.headers.get("retry-after"))).toBeLessThanOrEqual(seconds);
  });

  it("refuses before the body is parsed: an unparsable document is 429, not a parse error", async () => {
    const answer = await graph.postBody({ query: "{ accounts(" }, { key: REPORTS_KEY });
    expect(answer.status).toBe(429);
    expect(answer.body.errors[0].extensions).toEqual({ code: "RATE_LIMITED" });
    // A client that is not over its limit gets the parse error.
    const parsed = await graph.postBody({ query: "{ accounts(" }, { key: CRM_KEY });
    expect(parsed.body.errors[0].extensions.code).toBe("GRAPHQL_PARSE_FAILED");
  });

  it("reaches the typed client as a GraphClientError with status 429 and the RATE_LIMITED code", async () => {
    const client = createClient({ endpoint: graph.server.graphqlUrl, token: REPORTS_KEY, persistedDocuments: false });
    const error = await client.request(CorpsOverviewDocument).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(GraphClientError);
    expect((error as GraphClientError).status).toBe(429);
    expect((error as GraphClientError).errors.map((e) => e.extensions?.code)).toEqual(["RATE_LIMITED"]);
  });

  it("counts each refusal once as rejected with reason rate_limited, and logs it", async () => {
    const before = await (await fetch(graph.server.url + "/metrics")).text();
    await graph.post(ACCOUNTS, { key: REPORTS_KEY });
    const after = await (await fetch(graph.server.url + "/metrics")).text();
    expect(sample(after, "wecom_graph_graphql_rejected_total", { reason: "rate_limited" }) - sample(before, "wecom_graph_graphql_rejected_total", { reason: "rate_limited" })).toBe(1);
    const logged = graph.logs.lines.filter((l) => l.msg === "request rejected" && l.obj["reason"] === "rate_limited");
    expect(logged.length).toBeGreaterThanOrEqual(1);
    expect(logged.at(-1)!.obj).toMatchObject({ code: "RATE_LIMITED", status: 429 });
    // Never the key, whole or in part.
    expect(graph.logs.text()).not.toContain(REPORTS_KEY.slice(0, 12));
  });
});

describe("the sliding window (in process)", () => {
  it("counts the requests of the last window per client, refuses past the limit without counting, and says when a place frees", () => {
    let now = 1_000_000;
    const store = new MemoryRequestLimitStore(() => now);
    expect(store.takeNow("a", 2, 1000)).toEqual({ ok: true });
    now += 100;
    expect(store.takeNow("a", 2, 1000)).toEqual({ ok: true });
    now += 100;
    // The first request leaves the window 1000 ms after it was made: 800 ms from now.
    expect(store.takeNow("a", 2, 1000)).toEqual({ ok: false, retryAfterMs: 800 });
    // Another client has a window of its own.
    expect(store.takeNow("b", 2, 1000)).toEqual({ ok: true });
    now += 799;
    expect(store.takeNow("a", 2, 1000)).toEqual({ ok: false, retryAfterMs: 1 });
    now += 1;
    // Exactly a window after the first, it has left; the refusals were never counted.
    expect(store.takeNow("a", 2, 1000)).toEqual({ ok: true });
    expect(store.takeNow("a", 2, 1000)).toEqual({ ok: false, retryAfterMs: 100 });
    now += 100;
    expect(store.takeNow("a", 2, 1000)).toEqual({ ok: true });
  });

  it("keeps no more than the window holds, however many requests went before", () => {
    let now = 0;
    const store = new MemoryRequestLimitStore(() => now);
    let served = 0;
    for (let i = 0; i < 10_000; i++, now += 10) if (store.takeNow("a", 50, 1000).ok) served++;
    // 100 s at 100 requests a second against 50 a second: half served, in every window.
    expect(served).toBe(5000);
    const log = (store as unknown as { logs: Map<string, { times: number[]; head: number }> }).logs.get("a")!;
    expect(log.times.length - log.head).toBe(50);
    expect(log.times.length).toBeLessThanOrEqual(200);
  });
});
