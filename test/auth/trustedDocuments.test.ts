// Trusted documents: codegen's manifest (hash -> document), a server that runs only those hashes
// and refuses ad-hoc queries before any vendor call, and the typed client sending hashes (and
// falling back to the text where a server does not know them).
import { createHash } from "node:crypto";
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { print } from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BUNDLED_MANIFEST } from "../../src/auth/trustedDocuments.js";
import { createClient } from "../../src/client/createClient.js";
import {
  AccountStatusDocument,
  CorpCustomersDocument,
  CorpsOverviewDocument,
  CustomerStatsDocument,
  DeparturesDocument,
  Employee360Document,
  NodeDocument,
  OnlineAccountsDocument,
} from "../../src/client/generated/graphql.js";
import { createApp } from "../../src/server/app.js";
import { configSchema } from "../../src/server/config.js";
import { ConfigError } from "../../src/core/ConfigError.js";
import { loadConfigFile } from "../../src/server/loadConfig.js";
import { startServer, type RunningServer } from "../../src/server/startServer.js";
import { startSimulators, type RunningSimulators } from "../../src/simulators/startSimulators.js";
import { simulatorConfig } from "../../src/simulators/simulatorConfig.js";
import { startConfiguredGraph, type ConfiguredGraph } from "../helpers/auth.js";
import { writeConfig } from "../helpers/writeConfig.js";

const KEY = "trusted-docs-key-41e07bd9";
const manifest = JSON.parse(readFileSync(BUNDLED_MANIFEST, "utf8")) as Record<string, string>;
const hashOf = (document: unknown) => ((document as { __meta__: { hash: string } }).__meta__.hash);
const hex = (id: string) => id.slice("sha256:".length);

/** Records what a client sent: each request body. */
function recordingFetch(bodies: Record<string, any>[]): typeof fetch {
  return (input, init) => {
    bodies.push(JSON.parse(String(init?.body)));
    return fetch(input, init);
  };
}

describe("the manifest codegen writes", () => {
  it("holds every generated document under the hash it carries, and each key is the SHA-256 of its document", () => {
    const documents = [AccountStatusDocument, CorpCustomersDocument, CorpsOverviewDocument, CustomerStatsDocument, DeparturesDocument, Employee360Document, NodeDocument, OnlineAccountsDocument];
    expect(Object.keys(manifest).sort()).toEqual(documents.map(hashOf).sort());
    for (const [id, document] of Object.entries(manifest)) {
      expect(id).toMatch(/^sha256:[0-9a-f]{64}$/);
      expect(createHash("sha256").update(document).digest("hex")).toBe(hex(id));
    }
    expect(manifest[hashOf(CorpsOverviewDocument)]).toMatch(/^query CorpsOverview \{ corps \{/);
  });
});

describe("a server that runs only its trusted documents", () => {
  let sim: RunningSimulators;
  let graph: ConfiguredGraph;

  beforeAll(async () => {
    sim = await startSimulators({ size: "small" });
    // The manifest beside the config file, named relative to it.
    const dir = mkdtempSync(join(tmpdir(), "wecom-graph-trusted-"));
    copyFileSync(BUNDLED_MANIFEST, join(dir, "persisted-documents.json"));
    graph = await startConfiguredGraph({ auth: { apiKeys: [{ name: "app", key: KEY }] }, persistedDocuments: { file: "./persisted-documents.json", only: true } }, { sim, dir });
  });

  afterAll(async () => {
    await graph?.close();
    await sim?.close();
  });

  it("refuses an ad-hoc query with PERSISTED_QUERY_ONLY, before any vendor call", async () => {
    let answer: any;
    const calls = await graph.vendorCalls(async () => (answer = await graph.post("{ corps { accounts { totalCount } customers { totalCount } } }", { key: KEY })));
    expect(calls).toBe(0);
    expect(answer.body.data).toBeUndefined();
    expect(answer.body.errors.map((e: any) => e.extensions.code)).toEqual(["PERSISTED_QUERY_ONLY"]);
    // The text of a trusted document is still an ad-hoc query: only the hash runs it.
    const text = await graph.post(manifest[hashOf(CorpsOverviewDocument)]!, { key: KEY });
    expect(text.body.errors.map((e: any) => e.extensions.code)).toEqual(["PERSISTED_QUERY_ONLY"]);
  });

  it("refuses an unknown hash and a request without any with PERSISTED_QUERY_NOT_FOUND", async () => {
    const unknown = await graph.postBody({ extensions: { persistedQuery: { version: 1, sha256Hash: "0".repeat(64) } } }, { key: KEY });
    expect(unknown.body.errors.map((e: any) => e.extensions.code)).toEqual(["PERSISTED_QUERY_NOT_FOUND"]);
    const nothing = await graph.postBody({ variables: {} }, { key: KEY });
    expect(nothing.body.errors.map((e: any) => e.extensions.code)).toEqual(["PERSISTED_QUERY_NOT_FOUND"]);
  });

  it("runs a trusted document by extensions.persistedQuery.sha256Hash or by documentId", async () => {
    const corps = sim.dataset.corps.filter((c) => c.mapped).map((c) => c.corpId);
    const id = hashOf(CorpsOverviewDocument);
    const byHash = await graph.postBody({ extensions: { persistedQuery: { version: 1, sha256Hash: hex(id) } } }, { key: KEY });
    expect(byHash.body.errors).toBeUndefined();
    expect(byHash.body.data.corps.map((c: any) => c.corpId)).toEqual(corps);
    const byId = await graph.postBody({ documentId: id }, { key: KEY });
    expect(byId.body).toEqual(byHash.body);
    // Still behind the gate: a hash without a key is a 401.
    expect((await graph.postBody({ documentId: id })).status).toBe(401);
  });

  it("the typed client sends the hash alone, and its documents run", async () => {
    const bodies: Record<string, any>[] = [];
    const client = createClient({ endpoint: graph.server.graphqlUrl, token: KEY, fetch: recordingFetch(bodies) });
    const employee = sim.dataset.employees.find((e) => sim.dataset.corps.some((c) => c.mapped && c.corpId === e.corpId))!;
    const { data } = await client.request(Employee360Document, { corpId: employee.corpId, userId: employee.userId });
    expect(data.employee?.name).toBe(employee.name);
    expect(bodies).toEqual([{ extensions: { persistedQuery: { version: 1, sha256Hash: hex(hashOf(Employee360Document)) } }, operationName: "Employee360", variables: { corpId: employee.corpId, userId: employee.userId } }]);
  });

  it("serves no GraphiQL: it could only send ad-hoc queries", async () => {
    const res = await fetch(graph.server.graphqlUrl, { headers: { accept: "text/html" } });
    expect(res.headers.get("content-type") ?? "").not.toMatch(/text\/html/);
  });
});

describe("manifests that do not fit stop the start", () => {
  const file = (content: unknown) => {
    const dir = mkdtempSync(join(tmpdir(), "wecom-graph-manifest-"));
    writeFileSync(join(dir, "m.json"), typeof content === "string" ? content : JSON.stringify(content));
    return writeConfig({ vendors: {}, corps: [], auth: { open: true }, persistedDocuments: { file: "m.json", only: true } }, dir);
  };
  const startError = async (configPath: string) => {
    const error = await startServer({ argv: ["--config", configPath], env: { PORT: "0" } }).then(
      async (s) => (await s.close(), null),
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  };
  const doc = "query Q { corps { corpId } }";
  const id = `sha256:${createHash("sha256").update(doc).digest("hex")}`;

  it("a missing file, a wrong hash, and a document this schema does not have", async () => {
    const missing = writeConfig({ vendors: {}, corps: [], auth: { open: true }, persistedDocuments: { file: "nowhere.json" } });
    expect(await startError(missing)).toMatch(/^persistedDocuments\.file .*nowhere\.json: cannot read it: ENOENT$/);
    expect(await startError(file({ [id]: "query Q { corps { name } }" }))).toContain(`${id}: is not the SHA-256 of its document`);
    const stale = "query Q { corps { noSuchField } }";
    const staleId = `sha256:${createHash("sha256").update(stale).digest("hex")}`;
    expect(await startError(file({ [staleId]: stale }))).toContain(`${staleId}: does not validate against this server's schema: Cannot query field "noSuchField" on type "Corp".`);
    expect(await startError(file("[1, 2]"))).toContain('must be an object of "sha256:<hex>": "<document>"');
    // A good one loads, its path resolved beside the config file.
    const good = file({ [id]: doc });
    expect(loadConfigFile(good).persistedDocuments?.file).toBe(join(good, "..", "m.json"));
  });
});

describe("the typed client against servers that do not know a hash", () => {
  let sim: RunningSimulators;
  let open: RunningServer;

  beforeAll(async () => {
    sim = await startSimulators({ size: "small" });
    open = await startServer({ env: { PORT: "0", SIM_PORT: "0" } });
  });

  afterAll(async () => {
    await open?.close();
    await sim?.close();
  });

  it("the simulators' graph knows codegen's hashes: one request, hash only", async () => {
    const bodies: Record<string, any>[] = [];
    const client = createClient({ endpoint: open.graphqlUrl, fetch: recordingFetch(bodies) });
    const { data } = await client.request(CorpsOverviewDocument);
    expect(data.corps.length).toBeGreaterThan(0);
    expect(bodies.map((b) => Object.keys(b).sort())).toEqual([["extensions", "operationName"]]);
    // An ad-hoc query still runs there.
    const adHoc = await fetch(open.graphqlUrl, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query: "{ __typename }" }) });
    expect(await adHoc.json()).toEqual({ data: { __typename: "Query" } });
  });

  it("a server without the manifest: the hash, then the text once; from then on the text", async () => {
    const app = createApp(configSchema.parse(simulatorConfig(sim.url, sim.dataset)));
    const bodies: Record<string, any>[] = [];
    const client = createClient({
      endpoint: "http://graph.test/graphql",
      fetch: async (input, init) => {
        bodies.push(JSON.parse(String(init?.body)));
        return app.fetch(new Request(input as string, init));
      },
    });
    const first = await client.request(CorpsOverviewDocument);
    expect(first.data.corps.length).toBeGreaterThan(0);
    expect(bodies.map((b) => ("query" in b ? "text" : "hash"))).toEqual(["hash", "text"]);
    expect(bodies[1]!.query).toBe(print(CorpsOverviewDocument));
    await client.request(CorpsOverviewDocument);
    expect(bodies.map((b) => ("query" in b ? "text" : "hash"))).toEqual(["hash", "text", "text"]);
    // `persistedDocuments: false` sends text from the start.
    const plain: Record<string, any>[] = [];
    const textClient = createClient({ endpoint: "http://graph.test/graphql", persistedDocuments: false, fetch: async (input, init) => (plain.push(JSON.parse(String(init?.body))), app.fetch(new Request(input as string, init))) });
    await textClient.request(CorpsOverviewDocument);
    expect(plain.map((b) => ("query" in b ? "text" : "hash"))).toEqual(["text"]);
  });
});
