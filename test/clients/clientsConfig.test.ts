import { describe, expect, it } from "vitest";
import { Clients } from "../../src/clients/Clients.js";
import { clientsSchema } from "../../src/clients/clientsConfig.js";
import { configSchema } from "../../src/server/config.js";

const keys = [
  { name: "crm-web", key: "crm-web-key-0000000001" },
  { name: "reports", key: "reports-key-0000000001" },
];
const withClients = (clients: unknown, auth: unknown = { apiKeys: keys }) => configSchema.safeParse({ auth, clients });
const messages = (result: ReturnType<typeof withClients>) => (result.success ? [] : result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`));

describe("clients config", () => {
  it("fills in the defaults: interactive, and a batch client's share 0.5", () => {
    const parsed = clientsSchema.parse({ "crm-web": {}, reports: { priority: "batch", requestsPerMinute: 600 } });
    expect(parsed).toEqual({ "crm-web": { priority: "interactive" }, reports: { priority: "batch", requestsPerMinute: 600 } });
    const clients = new Clients(parsed);
    expect(clients.of("reports")).toEqual({ name: "reports", priority: "batch", maxShare: 0.5 });
    expect(clients.of("crm-web")).toEqual({ name: "crm-web", priority: "interactive", maxShare: null });
    expect(clients.requestsPerMinute("reports")).toBe(600);
    expect(clients.requestsPerMinute("crm-web")).toBeNull();
  });

  it("takes the largest batch share as the batch cap; unknown and reserved clients are interactive", () => {
    const clients = new Clients(clientsSchema.parse({ a: { priority: "batch", maxShare: 0.25 }, b: { priority: "batch", maxShare: 0.4 }, c: {} }));
    expect(clients.batchCap).toBe(0.4);
    expect(clients.of("someone-else")).toEqual({ name: "someone-else", priority: "interactive", maxShare: null });
    for (const name of ["live", "ops", "warm"]) expect(clients.of(name)).toEqual({ name, priority: "interactive", maxShare: null });
    expect(new Clients({}).batchCap).toBe(0);
  });

  it("refuses a share for an interactive client, a share outside (0, 1] and a reserved name, naming the key", () => {
    expect(messages(withClients({ "crm-web": { maxShare: 0.3 } }))).toEqual([
      'clients.crm-web.maxShare: is for batch clients only: an interactive client may use the whole quota; set "priority": "batch" or remove maxShare',
    ]);
    expect(messages(withClients({ reports: { priority: "batch", maxShare: 0 } }))).toEqual(["clients.reports.maxShare: must be more than 0"]);
    expect(messages(withClients({ reports: { priority: "batch", maxShare: 1.5 } }))).toEqual(["clients.reports.maxShare: must be at most 1 (the whole quota)"]);
    expect(messages(withClients({ reports: { priority: "urgent" } }))[0]).toMatch(/^clients\.reports\.priority: /);
    expect(messages(withClients({ live: {} }, { apiKeys: keys, jwt: { jwksUrl: "https://idp.example.cn/jwks", issuer: "i", audience: "a" } }))).toEqual([
      "clients.live: is the graph's own reserved client (live, ops, warm): always interactive, not configurable",
    ]);
  });

  it("without jwt, refuses a client that is no API key's name; with jwt, any name may be a client", () => {
    expect(messages(withClients({ report: { priority: "batch" } }))).toEqual([
      'clients.report: names no client: without auth.jwt a client is an API key\'s name, and the API keys are named "crm-web", "reports"',
    ]);
    expect(withClients({ "analytics-app": { priority: "batch" } }, { apiKeys: keys, jwt: { jwksUrl: "https://idp.example.cn/jwks", issuer: "i", audience: "a", clientClaim: "client_id" } }).success).toBe(true);
  });

  it("refuses an API key named like one of the graph's own clients", () => {
    for (const name of ["anonymous", "live", "ops", "warm"]) {
      expect(messages(withClients({}, { apiKeys: [{ name, key: "some-key-000000000001" }] }))).toEqual([
        "auth.apiKeys.0.name: must not be one of anonymous, live, ops, warm: the graph's own clients have those names",
      ]);
    }
  });
});
