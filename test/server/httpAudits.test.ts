// GraphQL over HTTP conformance: graphql-http's server audits against the real app (in-process
// through yoga's fetch, so no socket), with every audit (MUST, SHOULD and MAY) required to pass,
// twice: the built-in simulators' open graph, and a graph configured as a config file configures
// it (an API key required, browser defaults closed). The audits ask only for `__typename` and
// malformed requests, so no vendor needs to answer. The configured graph turns introspection on:
// audit 28B9 checks variables with `__type(name: $name)`.
//
// The configured graph's audit requests carry `x-graphql-yoga-csrf`, as any non-browser client's
// GET must there: with a config file, CSRF prevention refuses a GET (or a form post) without a
// header a cross-site form cannot set, and the MAY audits send GETs. They also carry the key. Both
// are asserted below: without them the same requests are refused. The simulators' open graph (made
// up data on a developer's machine) takes a plain GET.
import { serverAudits, type AuditResult } from "graphql-http";
import { beforeAll, describe, expect, it } from "vitest";
import { createApp, type App } from "../../src/server/app.js";
import { configSchema, fileConfigSchema } from "../../src/server/config.js";

const URL_ = "http://graph.test/graphql";
const KEY = "audit-key-7d41c09e2b";

async function audit(app: App, headers: Record<string, string>): Promise<AuditResult[]> {
  const fetchFn = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    for (const [name, value] of Object.entries(headers)) request.headers.set(name, value);
    return app.fetch(request);
  };
  const results: AuditResult[] = [];
  for (const a of serverAudits({ url: URL_, fetchFn })) results.push(await a.fn());
  return results;
}

function failing(results: AuditResult[]): string[] {
  return results.filter((r) => r.status !== "ok").map((r) => `${r.name} (${r.id})${"reason" in r ? `: ${r.reason}` : ""}`);
}

const graphs: { graph: string; app: () => App; headers: Record<string, string>; csrf: boolean }[] = [
  { graph: "the simulators' open graph", app: () => createApp(configSchema.parse({})), headers: {}, csrf: false },
  {
    graph: "a graph configured from a file (API key required)",
    app: () => createApp(fileConfigSchema.parse({ auth: { apiKeys: [{ name: "audit", key: KEY }] }, introspection: true })),
    headers: { "x-graphql-yoga-csrf": "1", authorization: `Bearer ${KEY}` },
    csrf: true,
  },
];

describe.each(graphs)("GraphQL over HTTP (graphql-http server audits): $graph", ({ app: build, headers, csrf }) => {
  let app: App;
  let results: AuditResult[] = [];

  beforeAll(async () => {
    app = build();
    results = await audit(app, headers);
  });

  it("runs the audits", () => {
    expect(results.length).toBeGreaterThan(40);
  });

  it("passes every MUST audit", () => {
    const musts = results.filter((r) => r.name.startsWith("MUST"));
    expect(musts.length).toBeGreaterThan(0);
    expect(failing(musts), "failing MUST audits").toEqual([]);
  });

  it("passes every SHOULD audit", () => {
    const shoulds = results.filter((r) => r.name.startsWith("SHOULD"));
    expect(shoulds.length).toBeGreaterThan(0);
    expect(failing(shoulds), "failing SHOULD audits").toEqual([]);
  });

  it("passes every MAY audit, GET requests included", () => {
    const mays = results.filter((r) => r.name.startsWith("MAY"));
    expect(mays.map((r) => r.id)).toEqual(expect.arrayContaining(["5A70", "D6D5", "6A70"]));
    expect(failing(mays), "failing MAY audits").toEqual([]);
  });

  it("with a config file, the header the audits add is what lets a GET through: without it CSRF prevention refuses (403)", async () => {
    const { "x-graphql-yoga-csrf": _csrf, ...rest } = headers;
    const get = (h: Record<string, string>) => app.fetch(new Request(`${URL_}?query=${encodeURIComponent("{ __typename }")}`, { headers: { accept: "application/json", ...h } }));
    if (!csrf) {
      const plain = await get(rest);
      expect(plain.status).toBe(200);
      expect(await plain.json()).toEqual({ data: { __typename: "Query" } });
      return;
    }
    const refused = await get(rest);
    expect(refused.status).toBe(403);
    expect(await refused.json()).toEqual({
      errors: [{ message: "A GET or form request must carry the header x-graphql-yoga-csrf (any value), or be a JSON post (content-type: application/json).", extensions: { code: "BAD_REQUEST" } }],
    });
    const allowed = await get(headers);
    expect(allowed.status).toBe(200);
    expect(await allowed.json()).toEqual({ data: { __typename: "Query" } });
  });
});
