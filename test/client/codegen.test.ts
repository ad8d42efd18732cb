// The typed client, end to end: codegen.ts regenerates exactly what is committed, a consumer
// written the way a frontend would write it type-checks (and mistyped variables do not), and every
// example query answers through createClient from a live server with the simulators' data (the
// AccountStatus subscription answers in test/live/subscriptions.test.ts, on a fast-polling server).
import { execFile } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync, cpSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { generate } from "@graphql-codegen/cli";
import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import { parse } from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import codegenConfig, { CLIENT_OUTPUT } from "../../codegen.js";
import { createClient, GraphClientError, sseEvents, type GraphClient } from "../../src/client/createClient.js";
import {
  CorpCustomersDocument,
  CorpsOverviewDocument,
  CustomerStatsDocument,
  DeparturesDocument,
  Employee360Document,
  NodeDocument,
  OnlineAccountsDocument,
} from "../../src/client/generated/graphql.js";
import { startServer, type RunningServer } from "../../src/server/startServer.js";
import type { Dataset, SimCorp } from "../../src/simulators/dataset.js";
import { expectedDepartures, expectedStats, rowsWithOwnerStatus } from "../helpers/expectedWorkflows.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const COMMITTED = join(ROOT, CLIENT_OUTPUT);
const run = promisify(execFile);

function listFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name).slice(dir.length).replace(/^\/+/, ""))
    .sort();
}

// Written as a frontend developer would: only imports, no hand-written types. Every
// expect-error directive below must meet an error, or tsc fails on the unused directive, so this
// proves that variables and results are typed rather than `any`.
const CONSUMER = `
import { createClient, GraphClientError } from "./client/createClient.js";
import { AccountStatusDocument, CorpCustomersDocument, CorpsOverviewDocument, Employee360Document, NodeDocument, OnlineAccountsDocument } from "./client/generated/graphql.js";

const client = createClient({ endpoint: "http://localhost:4000/graphql", authorization: "Bearer token" });

export async function examples(): Promise<unknown[]> {
  const { data, errors } = await client.request(CorpCustomersDocument, { corpId: "ww1", first: 5, filter: { status: "NORMAL", tagIds: ["et1"], addedAfter: "2024-01-01T00:00:00Z" } });
  const names: (string | null)[] = data.corp?.customers?.edges.map((e) => e.node.name) ?? [];
  const owner: string | undefined = data.corp?.customers?.edges[0]?.node.owner?.userId;
  const codes: (string | undefined)[] = errors?.map((e) => e.extensions?.code) ?? [];
  const overview = await client.request(CorpsOverviewDocument);
  const total: number | undefined = overview.data.corps[0]?.customers?.totalCount;
  const person = await client.request(Employee360Document, { corpId: "ww1", userId: "zhangsan" }, { headers: { "x-request-id": "1" } });
  const online: boolean[] = person.data.employee?.wecomAccounts?.map((a) => a.online) ?? [];
  const accounts = await client.request(OnlineAccountsDocument, { corpId: "ww1" });
  const wxids: string[] = accounts.data.corp?.accounts?.edges.map((e) => e.node.wxid) ?? [];
  const node = await client.request(NodeDocument, { id: "x" });
  const typename: string | undefined = node.data.node?.__typename;
  const flips: boolean[] = [];
  for await (const event of client.subscribe(AccountStatusDocument, { corpId: "ww1" }, { signal: AbortSignal.timeout(1000) })) {
    flips.push(event.data.accountStatusChanged.online);
    const when: string | null = event.data.accountStatusChanged.lastOfflineAt;
    if (when) break;
  }
  // @ts-expect-error corpId is a String, not a number
  client.subscribe(AccountStatusDocument, { corpId: 42 });
  // @ts-expect-error a subscription's events are not a promise of one result
  const single: { data: unknown } = await client.subscribe(AccountStatusDocument);

  // @ts-expect-error corpId is a String!, not a number
  await client.request(CorpCustomersDocument, { corpId: 42 });
  // @ts-expect-error corpId is required
  await client.request(OnlineAccountsDocument, { first: 5 });
  // @ts-expect-error the operation has required variables
  await client.request(Employee360Document);
  // @ts-expect-error status takes CustomerStatus values only
  await client.request(CorpCustomersDocument, { corpId: "ww1", filter: { status: "GONE" } });
  // @ts-expect-error no such variable
  await client.request(NodeDocument, { id: "x", extra: true });
  // @ts-expect-error corp may be null, and the result type says so
  const name: string | null = data.corp.name;
  // @ts-expect-error a connection is null when its vendor could not be read, and the result type says so
  const count: number | undefined = data.corp?.customers.totalCount;
  // @ts-expect-error only selected fields exist: CorpCustomers does not select the owner's mobile
  const mobile = data.corp?.customers?.edges[0]?.node.owner?.mobile;

  try {
    await client.request(NodeDocument, { id: "x" });
  } catch (error) {
    if (error instanceof GraphClientError) return error.codes;
  }
  return [...names, owner ?? "", ...codes.map(String), String(total), ...online.map(String), ...wxids, typename ?? "", String(name), String(mobile), String(count), ...flips.map(String), String(single)];
}
`;

function tsconfig(browser: boolean): string {
  // The project's own strictness; the browser variant has DOM instead of Node's types, as a
  // frontend would, to prove the client needs nothing from Node.
  return JSON.stringify({
    compilerOptions: {
      target: "ES2022",
      lib: browser ? ["ES2023", "DOM"] : ["ES2023"],
      module: "NodeNext",
      moduleResolution: "NodeNext",
      strict: true,
      noUncheckedIndexedAccess: true,
      verbatimModuleSyntax: true,
      isolatedModules: true,
      noEmit: true,
      skipLibCheck: true,
      types: browser ? [] : ["node"],
    },
    include: ["consumer.ts", "client"],
  });
}

describe("codegen.ts and the typed client", () => {
  let work: string;

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), "wecom-graph-codegen-"));
    // The consumer's packages resolve as they would in a real project.
    symlinkSync(join(ROOT, "node_modules"), join(work, "node_modules"), "dir");
    writeFileSync(join(work, "package.json"), JSON.stringify({ type: "module", private: true }));
    // The project's own codegen.ts, with only the output directory moved.
    const output = codegenConfig.generates[CLIENT_OUTPUT];
    if (!output) throw new Error(`codegen.ts has no output ${CLIENT_OUTPUT}`);
    await generate({ ...codegenConfig, cwd: ROOT, silent: true, generates: { [join(work, "client/generated/")]: output } }, true);
  });

  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it("the committed src/client/generated is what `npm run codegen` produces now", () => {
    const fresh = join(work, "client/generated");
    const files = listFiles(fresh);
    expect(files).toEqual(["gql.ts", "graphql.ts", "index.ts", "persisted-documents.json"]);
    const stale = files.filter((f) => {
      try {
        return readFileSync(join(COMMITTED, f), "utf8") !== readFileSync(join(fresh, f), "utf8");
      } catch {
        return true;
      }
    });
    const extra = listFiles(COMMITTED).filter((f) => !files.includes(f));
    expect([...stale, ...extra], "src/client/generated is out of date: run `npm run schema` then `npm run codegen` and commit the result").toEqual([]);
  });

  it("a consumer type-checks against the generated client, and mistyped variables do not (Node and browser settings)", async () => {
    cpSync(join(ROOT, "src/client/createClient.ts"), join(work, "client/createClient.ts"));
    writeFileSync(join(work, "consumer.ts"), CONSUMER);
    const tsc = join(ROOT, "node_modules/.bin/tsc");
    for (const variant of ["node", "browser"] as const) {
      const project = join(work, `tsconfig.${variant}.json`);
      writeFileSync(project, tsconfig(variant === "browser"));
      const result = await run(tsc, ["-p", project], { cwd: work }).then(
        () => ({ ok: true, output: "" }),
        (error: { stdout?: string; stderr?: string }) => ({ ok: false, output: `${error.stdout ?? ""}${error.stderr ?? ""}` }),
      );
      expect(result.output, `tsc (${variant}) failed`).toBe("");
      expect(result.ok).toBe(true);
    }
  });

  it("tsc does reject a consumer whose variables are wrong (the check above is not vacuous)", async () => {
    mkdirSync(join(work, "bad"), { recursive: true });
    cpSync(join(work, "client"), join(work, "bad/client"), { recursive: true });
    writeFileSync(
      join(work, "bad/consumer.ts"),
      `import { createClient } from "./client/createClient.js";\nimport { OnlineAccountsDocument } from "./client/generated/graphql.js";\nawait createClient({ endpoint: "x" }).request(OnlineAccountsDocument, { corpId: 1 });\n`,
    );
    writeFileSync(join(work, "bad/tsconfig.json"), tsconfig(false));
    const failure = await run(join(ROOT, "node_modules/.bin/tsc"), ["-p", join(work, "bad/tsconfig.json")], { cwd: join(work, "bad") }).then(
      () => "",
      (error: { stdout?: string }) => error.stdout ?? "",
    );
    expect(failure).toMatch(/consumer\.ts\(3,\d+\): error TS2322/);
  });
});

describe("the example operations through createClient against a live server", () => {
  let server: RunningServer;
  let dataset: Dataset;
  let client: GraphClient;
  let corp: SimCorp;
  const seen: string[] = [];

  beforeAll(async () => {
    server = await startServer({ env: { PORT: "0", SIM_PORT: "0" } });
    dataset = server.simulators!.dataset;
    corp = dataset.corps.find((c) => c.mapped)!;
    // The graph ignores Authorization; a deployment's gateway would not, so the client sends it.
    client = createClient({
      endpoint: server.graphqlUrl,
      authorization: "Bearer example",
      fetch: (input, init) => {
        seen.push(new Headers(init?.headers).get("authorization") ?? "");
        return fetch(input, init);
      },
    });
  });

  afterAll(async () => {
    await server?.close();
  });

  const rowsOf = (corpId: string) => dataset.customerRows.filter((r) => r.corpId === corpId);

  it("CorpsOverview lists the configured corps with each vendor's data", async () => {
    const { data, errors } = await client.request(CorpsOverviewDocument);
    expect(errors).toBeUndefined();
    const mapped = dataset.corps.filter((c) => c.mapped);
    expect(data.corps.map((c) => [c.corpId, c.name, c.shortName])).toEqual(mapped.map((c) => [c.corpId, c.name, c.shortName]));
    const first = data.corps[0]!;
    expect(first.customers!.totalCount).toBe(rowsOf(corp.corpId).length);
    expect(first.customers!.edges.map((e) => e.node.name)).toEqual(rowsOf(corp.corpId).slice(0, 3).map((r) => r.customer.name));
    expect(first.onlineAccounts!.totalCount).toBe(dataset.accounts.filter((a) => a.yzjCorpId === corp.yzjCorpId && a.online === 1).length);
    expect(first.employees!.totalCount).toBeGreaterThan(0);
    expect(seen.every((h) => h === "Bearer example")).toBe(true);
  });

  it("CorpCustomers pages through a filtered customer list with owners and tags", async () => {
    const expected = rowsOf(corp.corpId).filter((r) => r.status === 1);
    const page1 = await client.request(CorpCustomersDocument, { corpId: corp.corpId, first: 5, filter: { status: "NORMAL" } });
    const customers = page1.data.corp!.customers!;
    expect(customers.totalCount).toBe(expected.length);
    expect(customers.edges.map((e) => e.node.externalUserId)).toEqual(expected.slice(0, 5).map((r) => r.externalUserId));
    for (const [i, edge] of customers.edges.entries()) {
      const row = expected[i]!;
      expect(edge.node.status).toBe("NORMAL");
      expect(edge.node.owner?.userId.toLowerCase()).toBe(row.ownerUserId.toLowerCase());
      expect(edge.node.tags.map((t) => t.id)).toEqual(row.tagIds);
    }
    expect(customers.pageInfo.hasNextPage).toBe(true);
    const page2 = await client.request(CorpCustomersDocument, { corpId: corp.corpId, first: 5, after: customers.pageInfo.endCursor, filter: { status: "NORMAL" } });
    expect(page2.data.corp!.customers!.edges.map((e) => e.node.externalUserId)).toEqual(expected.slice(5, 10).map((r) => r.externalUserId));
  });

  it("Employee360 joins the profile, corp, cloud-phone accounts and customers of one employee", async () => {
    // An employee whose account carries a full mobile (the vendors' join key) and who owns customers.
    const account = dataset.accounts.find((a) => a.yzjCorpId === corp.yzjCorpId && a.ownerUserId !== null && !a.mobile.includes("x") && rowsOf(corp.corpId).some((r) => r.ownerUserId === a.ownerUserId))!;
    const employee = dataset.employees.find((e) => e.corpId === corp.corpId && e.userId === account.ownerUserId)!;
    const { data } = await client.request(Employee360Document, { corpId: corp.corpId, userId: employee.userId, customersFirst: 3 });
    const got = data.employee!;
    expect(got.userId.toLowerCase()).toBe(employee.userId.toLowerCase());
    expect(got.name).toBe(employee.name);
    expect(got.corp).toMatchObject({ corpId: corp.corpId, name: corp.name });
    expect(got.wecomAccounts!.map((a) => a.wxid)).toContain(account.wxid);
    const owned = rowsOf(corp.corpId).filter((r) => r.ownerUserId === employee.userId);
    expect(got.customers!.totalCount).toBe(owned.length);
    expect(got.customers!.edges.map((e) => e.node.externalUserId)).toEqual(owned.slice(0, 3).map((r) => r.externalUserId));
  });

  it("OnlineAccounts lists the corp's online accounts in the vendor's order", async () => {
    const expected = dataset.accounts.filter((a) => a.yzjCorpId === corp.yzjCorpId && a.online === 1).sort((a, b) => a.id - b.id);
    const { data } = await client.request(OnlineAccountsDocument, { corpId: corp.corpId, first: 100 });
    const accounts = data.corp!.accounts!;
    expect(accounts.totalCount).toBe(expected.length);
    expect(accounts.edges.map((e) => e.node.wxid)).toEqual(expected.map((a) => a.wxid));
    expect(accounts.edges.every((e) => e.node.online)).toBe(true);
  });

  it("Departures lists the worklist, most customers first, with each departure's customers and online accounts", async () => {
    const expected = expectedDepartures(dataset, corp);
    const { data, errors } = await client.request(DeparturesDocument, { corpId: corp.corpId, first: 100, customersFirst: 2 });
    expect(errors).toBeUndefined();
    const departures = data.corp!.departures!;
    expect(departures.totalCount).toBe(expected.length);
    expect(departures.edges.map((e) => [e.node.employee.name, e.node.employee.status, e.node.customers?.totalCount, e.node.onlineAccounts?.map((a) => a.wxid)])).toEqual(
      expected.map((x) => [x.employee.name, x.employee.status === 5 ? "LEFT" : "DISABLED", x.rows.length, x.accounts.map((a) => a.wxid)]),
    );
    expect(departures.edges[0]!.node.customers!.edges.map((e) => e.node.externalUserId)).toEqual(expected[0]!.rows.slice(0, 2).map((r) => r.externalUserId));
  });

  it("CustomerStats counts what the departed leave behind (ownerStatus [LEFT, DISABLED])", async () => {
    const expected = expectedStats(dataset, rowsWithOwnerStatus(dataset, corp.corpId, ["LEFT", "DISABLED"]));
    const { data, errors } = await client.request(CustomerStatsDocument, { corpId: corp.corpId, filter: { ownerStatus: ["LEFT", "DISABLED"] }, owners: 3 });
    expect(errors).toBeUndefined();
    const stats = data.corp!.customerStats!;
    expect([stats.total, stats.normal, stats.lost]).toEqual([expected.total, expected.normal, expected.lost]);
    expect(stats.byAddWay).toEqual(expected.byAddWay);
    expect(stats.byTag.map((t) => [t.tag.id, t.count])).toEqual(expected.byTag.map((t) => [t.tag.id, t.count]));
    expect(stats.byOwner.map((o) => [o.owner.userId.toLowerCase(), o.owner.status, o.count])).toEqual(
      expected.byOwner.slice(0, 3).map((o) => [o.owner.userId.toLowerCase(), expect.stringMatching(/^(LEFT|DISABLED)$/), o.count]),
    );
  });

  it("Node refetches a customer and an employee by the ids other queries returned", async () => {
    const list = await client.request(CorpCustomersDocument, { corpId: corp.corpId, first: 1 });
    const customer = list.data.corp!.customers!.edges[0]!.node;
    const refetched = await client.request(NodeDocument, { id: customer.id });
    expect(refetched.data.node).toMatchObject({ __typename: "ExternalCustomer", id: customer.id, externalUserId: customer.externalUserId });
    const owner = await client.request(NodeDocument, { id: customer.owner!.id });
    expect(owner.data.node).toMatchObject({ __typename: "Employee", id: customer.owner!.id, corpId: corp.corpId });
  });

  it("a partial answer comes back as { data, errors } with the vendor's error code", async () => {
    server.simulators!.setKnobs({ yunzhong: { forceError: "http500" } });
    try {
      const { data, errors } = await client.request(CorpCustomersDocument, { corpId: corp.corpId, first: 2 });
      expect(data.corp).toMatchObject({ corpId: corp.corpId, name: corp.name });
      expect(errors?.map((e) => [e.extensions?.code, e.extensions?.vendor])).toEqual([["UPSTREAM_ERROR", "yunzhong"]]);
    } finally {
      server.simulators!.setKnobs({ yunzhong: { forceError: null } });
    }
  });

  it("an answer without data throws GraphClientError carrying the errors and their codes", async () => {
    // Only a hand-made document can be invalid; generated ones are checked against the schema.
    const invalid = parse("query Broken { corps { noSuchField } }") as TypedDocumentNode<{ corps: unknown[] }, Record<string, never>>;
    const error = await client.request(invalid).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(GraphClientError);
    const clientError = error as GraphClientError;
    expect(clientError.operationName).toBe("Broken");
    expect(clientError.errors[0]?.message).toMatch(/noSuchField/);
    expect(clientError.codes).toEqual(["GRAPHQL_VALIDATION_FAILED"]);
    expect(clientError.message).toMatch(/^Broken: .*noSuchField.*\[GRAPHQL_VALIDATION_FAILED\]/);
  });

  it("a bad id is BAD_USER_INPUT next to data: node is null", async () => {
    const { data, errors } = await client.request(NodeDocument, { id: "not-an-id" });
    expect(data.node).toBeNull();
    expect(errors?.map((e) => e.extensions?.code)).toEqual(["BAD_USER_INPUT"]);
  });
});

describe("createClient's HTTP handling (fake fetch)", () => {
  const reply = (status: number, body: string, contentType = "application/json") => new Response(body, { status, headers: { "content-type": contentType } });

  it("sends one header per name: authorization wins, per-request headers add, names are case-insensitive", async () => {
    let sent: Headers | null = null;
    let body: unknown = null;
    const client = createClient({
      endpoint: "http://graph.test/graphql",
      headers: async () => ({ Authorization: "Basic old", "Content-Type": "application/json", "X-Tenant": "a" }),
      authorization: () => "Bearer fresh",
      fetch: async (_input, init) => {
        sent = new Headers(init?.headers);
        body = JSON.parse(String(init?.body));
        return reply(200, JSON.stringify({ data: { node: null } }));
      },
    });
    const result = await client.request(NodeDocument, { id: "abc" }, { headers: { "x-request-id": "r1" } });
    expect(result).toEqual({ data: { node: null } });
    const headers = Object.fromEntries(sent!.entries());
    expect(headers).toMatchObject({ authorization: "Bearer fresh", "content-type": "application/json", "x-tenant": "a", "x-request-id": "r1" });
    expect(body).toMatchObject({ operationName: "Node", variables: { id: "abc" } });
  });

  it("a response that is not GraphQL throws GraphClientError with the HTTP status and no errors", async () => {
    const client = createClient({ endpoint: "http://graph.test/graphql", fetch: async () => reply(502, "<html>Bad Gateway</html>", "text/html") });
    const error = await client.request(CorpsOverviewDocument).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GraphClientError);
    expect(error).toMatchObject({ status: 502, errors: [], operationName: "CorpsOverview" });
    expect((error as Error).message).toMatch(/^CorpsOverview: HTTP 502 without a GraphQL response/);
  });

  it("an unreachable server throws GraphClientError with the cause; an abort stays an AbortError", async () => {
    const refused = createClient({ endpoint: "http://graph.test/graphql", fetch: async () => Promise.reject(new TypeError("fetch failed")) });
    const error = await refused.request(CorpsOverviewDocument).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: "GraphClientError", status: null, errors: [] });
    expect((error as Error).cause).toBeInstanceOf(TypeError);

    const controller = new AbortController();
    controller.abort();
    const aborting = createClient({ endpoint: "http://graph.test/graphql", fetch: async (_input, init) => Promise.reject(init?.signal?.reason) });
    const aborted = await aborting.request(CorpsOverviewDocument, {}, { signal: controller.signal }).catch((e: unknown) => e);
    expect(aborted).toMatchObject({ name: "AbortError" });
  });
});

describe("the typed client's event-stream reader", () => {
  it("reads CRLF line ends, also when a CRLF is split between two chunks, and skips comments", async () => {
    const parts = [": ping\r\n\r\nevent: next\r", "\ndata: {\"a\"", ":1}\r\n\r", "\nevent: complete\r\ndata:\r\n\r\n"];
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        for (const part of parts) controller.enqueue(new TextEncoder().encode(part));
        controller.close();
      },
    });
    const events: { event: string; data: string }[] = [];
    for await (const e of sseEvents(body)) events.push(e);
    expect(events).toEqual([
      { event: "next", data: '{"a":1}' },
      { event: "complete", data: "" },
    ]);
  });
});
