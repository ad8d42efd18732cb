// GraphiQL's settings without a browser (test/server/graphiql.browser.test.ts drives the real page):
// the tabs are the example operations, each valid against the committed schema; the variables
// fall back to placeholders when the data cannot be read; the page loads nothing from a CDN.
import { readFileSync } from "node:fs";
import { buildSchema, parse, validate } from "graphql";
import { describe, expect, it } from "vitest";
import { configSchema } from "../../src/server/config.js";
import { exampleOperations, graphiqlFactory, graphiqlOptions, KEY_HEADERS, renderGraphiQL } from "../../src/server/graphiql.js";

const schema = buildSchema(readFileSync(new URL("../../schema/schema.graphql", import.meta.url), "utf8"));
const config = configSchema.parse({ corps: [{ corpId: "wwcorp", name: "示例企业" }] });

describe("GraphiQL settings", () => {
  it("offers every example operation, overview first, each valid against the committed schema", () => {
    const operations = exampleOperations();
    expect(operations.map((o) => o.name)).toEqual(["CorpsOverview", "CorpCustomers", "Employee360", "OnlineAccounts", "AccountStatus", "Departures", "CustomerStats", "Node"]);
    const options = graphiqlOptions({}, { corpId: "wwcorp", userId: "zhangsan", nodeId: "abc" }, operations);
    expect(options.title).toBe("wecom-graph");
    expect(options.defaultQuery).toBe(options.defaultTabs?.[0]?.query);
    for (const tab of options.defaultTabs ?? []) expect(validate(schema, parse(tab.query ?? ""))).toEqual([]);
    const variables = (options.defaultTabs ?? []).slice(1).map((t) => JSON.parse(t.variables ?? "null"));
    expect(variables).toEqual([
      { corpId: "wwcorp", first: 10, filter: { status: "NORMAL" } },
      { corpId: "wwcorp", userId: "zhangsan" },
      { corpId: "wwcorp", first: 20 },
      { corpId: "wwcorp" },
      { corpId: "wwcorp", first: 10 },
      { corpId: "wwcorp", filter: { ownerStatus: ["LEFT", "DISABLED"] }, owners: 5 },
      { id: "abc" },
    ]);
  });

  it("keeps a title and default query given in the app's settings", () => {
    const options = graphiqlOptions({ title: "staging graph", defaultQuery: "{ corps { name } }" }, { corpId: "wwcorp", userId: null, nodeId: null });
    expect(options.title).toBe("staging graph");
    expect(options.defaultTabs?.[0]?.query).toBe("{ corps { name } }");
  });

  it("opens with placeholders when the data cannot be read, and tries again on the next page load", async () => {
    let calls = 0;
    const factory = graphiqlFactory(config, {}, async () => {
      calls += 1;
      if (calls === 1) throw new Error("yunzhong is down");
      return { data: { corp: { customers: { edges: [{ node: { id: "cust1", owner: { userId: "LiLei" } } }] } } } };
    });
    const first = await factory();
    expect(JSON.parse(first.defaultTabs?.[2]?.variables ?? "{}")).toEqual({ corpId: "wwcorp", userId: "<a userid from CorpsOverview>" });
    const second = await factory();
    expect(JSON.parse(second.defaultTabs?.[2]?.variables ?? "{}")).toEqual({ corpId: "wwcorp", userId: "LiLei" });
    expect(JSON.parse(second.defaultTabs?.[7]?.variables ?? "{}")).toEqual({ id: "cust1" });
    await factory();
    expect(calls).toBe(2);
  });

  it("the welcome text says how to pass a key; headers are never kept in the browser's storage", () => {
    const options = graphiqlOptions({}, { corpId: "wwcorp", userId: null, nodeId: null });
    expect(options.defaultQuery).toContain('#   {"Authorization": "Bearer <API key or JWT>"}');
    expect(options.shouldPersistHeaders).toBe(false);
    expect(options.defaultTabs?.every((t) => t.headers === undefined)).toBe(true);
  });

  it("on a server that asks for a key: every tab opens on the headers with the Authorization line, and no data is read for the examples", async () => {
    let calls = 0;
    const keyed = configSchema.parse({ corps: [{ corpId: "wwcorp" }], auth: { apiKeys: [{ name: "web", key: "a-key-of-sixteen-chars" }] } });
    const options = await graphiqlFactory(keyed, {}, async () => {
      calls += 1;
      return { data: null };
    })();
    expect(calls).toBe(0);
    expect(KEY_HEADERS).toBe('{\n  "Authorization": "Bearer <paste an API key or JWT here>"\n}');
    expect(options.defaultTabs?.map((t) => t.headers)).toEqual(exampleOperations().map(() => KEY_HEADERS));
    expect(options.defaultHeaders).toBe(KEY_HEADERS);
    expect(options.defaultEditorToolsVisibility).toBe("headers");
    // The config's corp id, placeholders for what only vendor data could fill.
    expect(JSON.parse(options.defaultTabs?.[2]?.variables ?? "{}")).toEqual({ corpId: "wwcorp", userId: "<a userid from CorpsOverview>" });
  });

  it("renders a page with GraphiQL inlined: nothing to fetch from a CDN", () => {
    const html = renderGraphiQL(graphiqlOptions({}, { corpId: "wwcorp", userId: null, nodeId: null }));
    expect(html).toContain("<title>wecom-graph</title>");
    expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+href="?https?:/);
    expect(html).not.toContain("unpkg.com");
  });
});
