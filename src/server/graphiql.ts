// GraphiQL as a first-time user should meet it: titled for the product, opening on a query that
// shows every vendor's data, with the example operations of src/client/operations in tabs and
// their variables filled in from the data this server actually serves. The page is rendered by
// @graphql-yoga/render-graphiql, which inlines GraphiQL's scripts: yoga's default page loads them
// from a CDN, which a closed network (and CI here) cannot reach.
import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { GraphiQLOptions } from "graphql-yoga";
import { CSRF_HEADER } from "../auth/useCsrfPrevention.js";
import type { AppConfig } from "./config.js";

export const GRAPHIQL_TITLE = "wecom-graph";

export interface GraphiQLSettings {
  title?: string;
  /** Replaces the query of the first tab and of new tabs. */
  defaultQuery?: string;
}

export interface ExampleOperation {
  /** The operation's name, which is also its file name in src/client/operations. */
  name: string;
  document: string;
}

const OPERATIONS_DIR = new URL("../client/operations/", import.meta.url);

// The overview opens GraphiQL; the rest follow in the order a reader would try them.
const ORDER = ["CorpsOverview", "CorpCustomers", "Employee360", "OnlineAccounts", "AccountStatus", "Departures", "CustomerStats", "Node"];

/** The example operations (src/client/operations/*.graphql), overview first. */
export function exampleOperations(): ExampleOperation[] {
  const names = readdirSync(OPERATIONS_DIR)
    .filter((file) => file.endsWith(".graphql"))
    .map((file) => file.slice(0, -".graphql".length));
  const rank = (name: string) => (ORDER.includes(name) ? ORDER.indexOf(name) : ORDER.length);
  // Plain code-unit order, not localeCompare: the names are ASCII, and a collator would page in
  // ICU's collation data (a few MB of resident memory) for this one sort.
  names.sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
  return names.map((name) => ({ name, document: readFileSync(new URL(`${name}.graphql`, OPERATIONS_DIR), "utf8") }));
}

// Short lines: GraphiQL's editor pane is narrow and does not wrap.
const WELCOME = `# wecom-graph: one GraphQL graph over yunzhenji, shiheng,
# yunzhong and the WeCom directory. Run a query with the
# ▶ button or Ctrl-Enter. The other tabs hold the example
# operations (src/client/operations), their variables read
# from this server's data; \`npm run codegen\` turns them
# into a typed client. Docs (top left) lists every type.
#
# A server that asks for a key: in Headers (below) enter
#   {"Authorization": "Bearer <API key or JWT>"}
# and run again; ⟳ (bottom left) then loads the Docs.

`;

/** What a tab's headers hold when the server asks for a key: the one line to edit. */
export const KEY_HEADERS = `{
  "Authorization": "Bearer <paste an API key or JWT here>"
}`;

/** Real ids from the served data, so the examples answer with something on first run. */
export interface SampleIds {
  corpId: string;
  userId: string | null;
  nodeId: string | null;
}

/** Runs a query against this app and returns its parsed JSON body. */
export type RunQuery = (query: string, variables: Record<string, unknown>) => Promise<unknown>;

const SAMPLE_QUERY = `query GraphiQLSamples($corpId: String!) {
  corp(corpId: $corpId) { customers(first: 5) { edges { node { id owner { userId } } } } }
}`;

// Long enough that reloading GraphiQL costs no upstream call, short enough to follow the data.
const SAMPLE_TTL_MS = 10 * 60_000;
// GraphiQL must open even when a vendor hangs: the examples then keep placeholders.
const SAMPLE_TIMEOUT_MS = 3_000;

function variablesFor(name: string, samples: SampleIds): Record<string, unknown> | null {
  switch (name) {
    case "CorpCustomers":
      return { corpId: samples.corpId, first: 10, filter: { status: "NORMAL" } };
    case "Employee360":
      return { corpId: samples.corpId, userId: samples.userId ?? "<a userid from CorpsOverview>" };
    case "OnlineAccounts":
      return { corpId: samples.corpId, first: 20 };
    case "AccountStatus":
      return { corpId: samples.corpId };
    case "Departures":
      return { corpId: samples.corpId, first: 10 };
    case "CustomerStats":
      return { corpId: samples.corpId, filter: { ownerStatus: ["LEFT", "DISABLED"] }, owners: 5 };
    case "Node":
      return { id: samples.nodeId ?? "<an id from any other query>" };
    default:
      return null;
  }
}

/**
 * The GraphiQL options: pure, for a given set of sample ids. When the server asks for a key,
 * every tab opens with the headers editor showing where it goes.
 */
export function graphiqlOptions(settings: GraphiQLSettings, samples: SampleIds, operations = exampleOperations(), keyRequired = false): GraphiQLOptions {
  const [overview, ...rest] = operations;
  const defaultQuery = settings.defaultQuery ?? `${WELCOME}${overview?.document ?? "{ corps { corpId name } }\n"}`;
  const tab = (query: string, variables: Record<string, unknown> | null) => ({
    query,
    ...(variables ? { variables: JSON.stringify(variables, null, 2) } : {}),
    ...(keyRequired ? { headers: KEY_HEADERS } : {}),
  });
  return {
    title: settings.title ?? GRAPHIQL_TITLE,
    defaultQuery,
    defaultTabs: [tab(defaultQuery, null), ...rest.map((op) => tab(op.document, variablesFor(op.name, samples)))],
    defaultEditorToolsVisibility: keyRequired ? "headers" : "variables",
    // A pasted key stays in the page, never in the browser's storage.
    shouldPersistHeaders: false,
    // GraphiQL is served by this graph, so it may pass CSRF prevention (a config file turns it on):
    // its subscriptions stream over GET, which otherwise needs the header a user would have to type.
    additionalHeaders: { [CSRF_HEADER]: "graphiql" },
    ...(keyRequired ? { defaultHeaders: KEY_HEADERS } : {}),
  };
}

/** Finds sample ids by querying the app itself; null when the data could not be read in time. */
async function findSamples(config: AppConfig, run: RunQuery): Promise<SampleIds | null> {
  const corpId = config.corps[0]?.corpId;
  if (!corpId) return null;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), SAMPLE_TIMEOUT_MS);
  });
  try {
    const body = (await Promise.race([run(SAMPLE_QUERY, { corpId }), timeout])) as SampleBody | null;
    const nodes = body?.data?.corp?.customers.edges.map((e) => e.node) ?? [];
    if (nodes.length === 0) return null;
    const owned = nodes.find((n) => n.owner !== null);
    return { corpId, userId: owned?.owner?.userId ?? null, nodeId: (owned ?? nodes[0])?.id ?? null };
  } catch {
    return null;
  } finally {
    clearTimeout(timer);
  }
}

interface SampleBody {
  data?: { corp: { customers: { edges: { node: { id: string; owner: { userId: string } | null } }[] } } | null } | null;
}

/**
 * Yoga's `graphiql` option: a per-page factory, so the examples carry ids read from the served
 * data (cached for a while; a failed read is retried on the next page load). When the server asks
 * for a key it reads nothing: the page is served to anyone, and ids read from the vendors are data
 * only a caller with a key may see; the tabs keep placeholders.
 */
export function graphiqlFactory(config: AppConfig, settings: GraphiQLSettings, run: RunQuery): () => Promise<GraphiQLOptions> {
  const operations = exampleOperations();
  const fallback: SampleIds = { corpId: config.corps[0]?.corpId ?? "<a corpId from CorpsOverview>", userId: null, nodeId: null };
  const keyRequired = Boolean(config.auth && !config.auth.open);
  let cached: { samples: SampleIds; at: number } | null = null;
  return async () => {
    if (keyRequired) return graphiqlOptions(settings, fallback, operations, true);
    if (!cached || Date.now() - cached.at > SAMPLE_TTL_MS) {
      const samples = await findSamples(config, run);
      if (samples) cached = { samples, at: Date.now() };
      else return graphiqlOptions(settings, fallback, operations);
    }
    return graphiqlOptions(settings, cached.samples, operations);
  };
}

// GraphiQL's draggable tabs keep a stale transform from their first layout when the page opens
// with several tabs, and apply it as soon as a tab gets focus (on mouse down): the tab jumps
// away from under the pointer and the first click on it is lost (seen in Chromium 156, headless
// and headed). Pinning tabs in place costs only the drag-to-reorder animation.
const TAB_FIX = "<style>.graphiql-tab{transform:none!important}</style>";

// The page inlines about 9 MB of GraphiQL; the options rarely change, so keep the last page.
let lastPage: { key: string; html: string } | null = null;

// Those 9 MB are loaded the first time GraphiQL is opened, not at start-up: held as module source
// and string constants they cost a server that only answers queries about 45 MB of RSS. require()
// (the package ships a CommonJS build) keeps renderGraphiQL synchronous, as yoga and tests call it.
const require = createRequire(import.meta.url);
let renderOffline: ((options: GraphiQLOptions) => string) | null = null;

/** Yoga's `renderGraphiQL` option: GraphiQL with its assets inlined (no CDN). */
export function renderGraphiQL(options: GraphiQLOptions): string {
  const key = JSON.stringify(options);
  renderOffline ??= (require("@graphql-yoga/render-graphiql") as typeof import("@graphql-yoga/render-graphiql")).renderGraphiQL;
  if (lastPage?.key !== key) lastPage = { key, html: renderOffline(options).replace("</head>", `${TAB_FIX}</head>`) };
  return lastPage.html;
}
