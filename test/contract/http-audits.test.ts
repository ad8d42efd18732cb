// GraphQL over HTTP conformance: graphql-http's server audits against the real app (in-process
// through yoga's fetch, so no socket), with every MUST and SHOULD required to pass. The audits
// only ask for `__typename` and malformed requests, so no vendor needs to answer.
import { serverAudits, type AuditResult } from "graphql-http";
import { beforeAll, describe, expect, it } from "vitest";
import { createApp, type App } from "../../src/server/app.js";
import { configSchema } from "../../src/server/config.js";

const URL_ = "http://graph.test/graphql";

describe("GraphQL over HTTP (graphql-http server audits)", () => {
  let results: AuditResult[] = [];

  beforeAll(async () => {
    const app: App = createApp(configSchema.parse({}));
    const fetchFn = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => app.fetch(new Request(input, init));
    const audits = serverAudits({ url: URL_, fetchFn });
    results = [];
    for (const audit of audits) results.push(await audit.fn());
  });

  it("runs the audits", () => {
    expect(results.length).toBeGreaterThan(40);
  });

  it("passes every MUST audit", () => {
    const musts = results.filter((r) => r.name.startsWith("MUST"));
    const failing = musts.filter((r) => r.status !== "ok").map((r) => `${r.name} (${r.id})${"reason" in r ? `: ${r.reason}` : ""}`);
    expect(musts.length).toBeGreaterThan(0);
    expect(failing, `failing MUST audits:\n${failing.join("\n")}`).toEqual([]);
  });

  it("passes every SHOULD audit", () => {
    const shoulds = results.filter((r) => r.name.startsWith("SHOULD"));
    const failing = shoulds.filter((r) => r.status !== "ok").map((r) => `${r.name} (${r.id})${"reason" in r ? `: ${r.reason}` : ""}`);
    expect(shoulds.length).toBeGreaterThan(0);
    expect(failing, `failing SHOULD audits:\n${failing.join("\n")}`).toEqual([]);
  });
});
