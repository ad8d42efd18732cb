// Browser and production defaults through real servers: with a config file GraphiQL and
// introspection are off unless asked for, CORS answers only the listed origins (none by default)
// and never with credentials for "*", and CSRF prevention refuses simple GETs and form posts;
// the simulators' graph (no config file) stays browsable.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type RunningServer } from "../../src/server/startServer.js";
import { startSimulators, type RunningSimulators } from "../../src/simulators/startSimulators.js";
import { startConfiguredGraph, type ConfiguredGraph } from "../helpers/auth.js";

const KEY = "browser-defaults-key-30c1";
const CRM = "https://crm.example.cn";
const auth = { apiKeys: [{ name: "web", key: KEY }] };

const preflight = (url: string, origin: string) =>
  fetch(url, { method: "OPTIONS", headers: { origin, "access-control-request-method": "POST", "access-control-request-headers": "authorization, content-type" } });
const page = (url: string) => fetch(url, { headers: { accept: "text/html" } });

describe("a config file's defaults", () => {
  let sim: RunningSimulators;
  let closed: ConfiguredGraph;
  let opened: ConfiguredGraph;
  let anyOrigin: ConfiguredGraph;

  beforeAll(async () => {
    sim = await startSimulators({ size: "small" });
    closed = await startConfiguredGraph({ auth }, { sim });
    opened = await startConfiguredGraph({ auth, graphiql: true, introspection: true, cors: { origins: [CRM] } }, { sim });
    anyOrigin = await startConfiguredGraph({ auth, cors: { origins: ["*"] } }, { sim });
  });

  afterAll(async () => {
    for (const g of [closed, opened, anyOrigin]) await g?.close();
    await sim?.close();
  });

  it("GraphiQL is off unless `graphiql: true` (the page itself needs no key)", async () => {
    const off = await page(closed.server.graphqlUrl);
    expect(off.headers.get("content-type") ?? "").not.toMatch(/text\/html/);
    expect(off.status).toBe(401);
    const on = await page(opened.server.graphqlUrl);
    expect(on.status).toBe(200);
    expect(await on.text()).toContain("<title>wecom-graph</title>");
  });

  it("introspection is off unless `introspection: true`: __schema and __type fail validation, __typename answers", async () => {
    const schemaQuery = await closed.post("{ __schema { queryType { name } } }", { key: KEY });
    expect(schemaQuery.body.data).toBeUndefined();
    // graphql-js's rule names every introspection field the query asks for.
    expect(schemaQuery.body.errors.map((e: any) => [e.message, e.extensions.code])).toEqual([
      ['GraphQL introspection has been disabled, but the requested query contained the field "__schema".', "GRAPHQL_VALIDATION_FAILED"],
      ['GraphQL introspection has been disabled, but the requested query contained the field "queryType".', "GRAPHQL_VALIDATION_FAILED"],
    ]);
    const typeQuery = await closed.post('{ __type(name: "Corp") { name } }', { key: KEY });
    expect(typeQuery.body.errors[0].message).toBe('GraphQL introspection has been disabled, but the requested query contained the field "__type".');
    expect((await closed.post("{ __typename }", { key: KEY })).body).toEqual({ data: { __typename: "Query" } });
    expect((await opened.post("{ __schema { queryType { name } } }", { key: KEY })).body).toEqual({ data: { __schema: { queryType: { name: "Query" } } } });
  });

  it("CORS: no origin by default; a listed origin (with credentials) when configured; others get nothing", async () => {
    const none = await preflight(closed.server.graphqlUrl, CRM);
    expect(none.headers.get("access-control-allow-origin")).toBeNull();
    const listed = await preflight(opened.server.graphqlUrl, CRM);
    expect(listed.status).toBe(204);
    expect(listed.headers.get("access-control-allow-origin")).toBe(CRM);
    expect(listed.headers.get("access-control-allow-credentials")).toBe("true");
    expect(listed.headers.get("access-control-allow-headers")).toBe("authorization, content-type");
    const stranger = await preflight(opened.server.graphqlUrl, "https://evil.example.com");
    expect(stranger.headers.get("access-control-allow-origin")).toBeNull();
    expect(stranger.headers.get("access-control-allow-credentials")).toBeNull();
    // The actual request from the listed origin carries the header too, even when refused (401).
    const refused = await fetch(opened.server.graphqlUrl, { method: "POST", headers: { origin: CRM, "content-type": "application/json" }, body: JSON.stringify({ query: "{ __typename }" }) });
    expect(refused.status).toBe(401);
    expect(refused.headers.get("access-control-allow-origin")).toBe(CRM);
  });

  it('CORS "*" answers any origin, never with credentials', async () => {
    const res = await preflight(anyOrigin.server.graphqlUrl, "https://anywhere.example.org");
    expect(res.headers.get("access-control-allow-origin")).toBe("https://anywhere.example.org");
    expect(res.headers.get("access-control-allow-credentials")).toBeNull();
  });

  it("CSRF prevention: a GET or a form post without x-graphql-yoga-csrf is refused (403), even with a key; with it, or as JSON, it runs", async () => {
    const url = `${closed.server.graphqlUrl}?query=${encodeURIComponent("{ __typename }")}`;
    const calls = await closed.vendorCalls(async () => {
      const get = await fetch(url, { headers: { authorization: `Bearer ${KEY}` } });
      expect(get.status).toBe(403);
      expect((await get.json()).errors[0].extensions).toEqual({ code: "BAD_REQUEST" });
      const form = await fetch(closed.server.graphqlUrl, {
        method: "POST",
        headers: { authorization: `Bearer ${KEY}`, "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ query: "{ corps { accounts { totalCount } } }" }).toString(),
      });
      expect(form.status).toBe(403);
    });
    expect(calls).toBe(0);
    const allowed = await fetch(url, { headers: { authorization: `Bearer ${KEY}`, "x-graphql-yoga-csrf": "1", accept: "application/json" } });
    expect(await allowed.json()).toEqual({ data: { __typename: "Query" } });
  });
});

describe("the simulators' graph (no config file)", () => {
  let server: RunningServer;

  beforeAll(async () => {
    server = await startServer({ env: { PORT: "0", SIM_PORT: "0" } });
  });

  afterAll(async () => {
    await server?.close();
  });

  it("serves GraphiQL and introspection, and answers any origin without credentials", async () => {
    expect((await page(server.graphqlUrl)).status).toBe(200);
    const res = await fetch(server.graphqlUrl, { method: "POST", headers: { "content-type": "application/json", origin: "http://localhost:5173" }, body: JSON.stringify({ query: "{ __schema { queryType { name } } }" }) });
    expect(await res.json()).toEqual({ data: { __schema: { queryType: { name: "Query" } } } });
    expect(res.headers.get("access-control-allow-origin")).toBe("http://localhost:5173");
    expect(res.headers.get("access-control-allow-credentials")).toBeNull();
  });
});
