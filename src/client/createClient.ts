// A typed GraphQL-over-HTTP client for wecom-graph with no dependency beyond `graphql` (to print
// documents) and the platform's fetch, so the same file serves a browser frontend and a Node
// service. Subscriptions arrive over Server-Sent Events (GraphQL over SSE, distinct connections:
// one streamed POST per subscription), read from the fetch body, so no EventSource is needed. Types come from the documents that `npm run codegen` generates into ./generated/:
// the compiler checks the variables and types the result; nothing is written by hand.
import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import { Kind, print, type DocumentNode } from "graphql";

/** The codes wecom-graph puts in `extensions.code` (contract), and GraphQL's own request errors. */
export type GraphErrorCode =
  | "UPSTREAM_ERROR"
  | "UPSTREAM_TIMEOUT"
  | "UPSTREAM_UNAUTHORIZED"
  | "UPSTREAM_RATE_LIMITED"
  | "VENDOR_NOT_CONFIGURED"
  | "BAD_USER_INPUT"
  | "GRAPHQL_PARSE_FAILED"
  | "GRAPHQL_VALIDATION_FAILED"
  | "INTERNAL_SERVER_ERROR";

export type Vendor = "yunzhenji" | "shiheng" | "yunzhong" | "directory";

export interface GraphErrorExtensions {
  // `string & {}` keeps editor completion for the known codes while accepting codes added later.
  code?: GraphErrorCode | (string & {});
  vendor?: Vendor | (string & {});
  [key: string]: unknown;
}

export interface GraphErrorShape {
  message: string;
  locations?: readonly { line: number; column: number }[];
  path?: readonly (string | number)[];
  extensions?: GraphErrorExtensions;
}

/** A response with data; `errors` lists the fields that failed when the answer is partial. */
export interface GraphResult<TData> {
  data: TData;
  errors?: readonly GraphErrorShape[];
}

/**
 * Thrown when there is no data to return: the server answered with errors only (`errors` holds
 * them, codes in `extensions.code`), or the exchange failed below GraphQL (`errors` is empty and
 * `status` tells the HTTP status, null when there was no response).
 */
export class GraphClientError extends Error {
  override readonly name = "GraphClientError";
  readonly errors: readonly GraphErrorShape[];
  readonly status: number | null;
  readonly operationName: string | null;

  constructor(message: string, errors: readonly GraphErrorShape[], status: number | null, operationName: string | null, options?: { cause?: unknown }) {
    super(message, options);
    this.errors = errors;
    this.status = status;
    this.operationName = operationName;
  }

  /** The distinct `extensions.code` values of the errors, in order of first appearance. */
  get codes(): string[] {
    return [...new Set(this.errors.flatMap((e) => (typeof e.extensions?.code === "string" ? [e.extensions.code] : [])))];
  }
}

type HeaderMap = Record<string, string>;

export interface ClientOptions {
  /** The graph's URL, e.g. "http://localhost:4000/graphql". */
  endpoint: string;
  /** Sent with every request; a function is called per request (e.g. to read a fresh token). */
  headers?: HeaderMap | (() => HeaderMap | Promise<HeaderMap>);
  /** The `Authorization` header value, e.g. "Bearer …"; wins over `headers`. */
  authorization?: string | (() => string | Promise<string>);
  /** Defaults to the global fetch (browsers, Node 18+). */
  fetch?: typeof fetch;
}

export interface RequestOptions {
  signal?: AbortSignal;
  /** Extra headers for this request only. */
  headers?: HeaderMap;
}

// Operations whose variables are all optional may be called without them; the others may not.
// Callers wrap TVariables in NoInfer so it comes from the document alone: inferred from the
// argument too, an object with extra or misspelt variables would be accepted.
type RequestArgs<TVariables> = {} extends TVariables
  ? [variables?: TVariables, options?: RequestOptions]
  : [variables: TVariables, options?: RequestOptions];

export interface GraphClient {
  request<TData, TVariables extends Record<string, unknown>>(
    document: TypedDocumentNode<TData, TVariables>,
    ...args: RequestArgs<NoInfer<TVariables>>
  ): Promise<GraphResult<TData>>;
  /**
   * A subscription: one result per event, until the server ends it or the caller stops (leave the
   * `for await` loop, or abort `options.signal`; either closes the connection). An event with
   * errors and no data, like a subscription the server refuses, throws GraphClientError.
   */
  subscribe<TData, TVariables extends Record<string, unknown>>(
    document: TypedDocumentNode<TData, TVariables>,
    ...args: RequestArgs<NoInfer<TVariables>>
  ): AsyncGenerator<GraphResult<TData>, void, undefined>;
}

export function createClient(options: ClientOptions): GraphClient {
  const doFetch = options.fetch ?? globalThis.fetch;
  if (typeof doFetch !== "function") throw new TypeError("createClient: no fetch available; pass options.fetch");
  // Documents are module constants: print each once, not per request.
  const printed = new WeakMap<DocumentNode, { query: string; operationName: string | null }>();

  async function send(document: DocumentNode, variables: unknown, requestOptions: RequestOptions | undefined, accept: string, signal: AbortSignal | undefined) {
    let source = printed.get(document);
    if (!source) {
      source = { query: print(document), operationName: operationNameOf(document) };
      printed.set(document, source);
    }
    // Headers, not a plain object: names are case-insensitive, so a caller's "Content-Type" or
    // "Authorization" replaces ours instead of being sent beside it.
    const headers = new Headers({ "content-type": "application/json", accept });
    const extra = [typeof options.headers === "function" ? await options.headers() : options.headers, requestOptions?.headers];
    for (const map of extra) for (const [key, value] of Object.entries(map ?? {})) headers.set(key, value);
    if (options.authorization !== undefined) {
      headers.set("authorization", typeof options.authorization === "function" ? await options.authorization() : options.authorization);
    }
    const name = source.operationName;
    const label = name ?? "anonymous operation";
    try {
      const response = await doFetch(options.endpoint, {
        method: "POST",
        headers,
        body: JSON.stringify({ query: source.query, ...(name ? { operationName: name } : {}), ...(variables ? { variables } : {}) }),
        ...(signal ? { signal } : {}),
      });
      return { response, name, label };
    } catch (cause) {
      // An abort the caller asked for stays an AbortError, as with fetch itself.
      if (requestOptions?.signal?.aborted) throw cause;
      throw new GraphClientError(`${label}: request to ${options.endpoint} failed: ${(cause as Error).message}`, [], null, name, { cause });
    }
  }

  return {
    async request<TData, TVariables extends Record<string, unknown>>(
      document: TypedDocumentNode<TData, TVariables>,
      ...[variables, requestOptions]: RequestArgs<NoInfer<TVariables>>
    ): Promise<GraphResult<TData>> {
      const { response, name, label } = await send(document, variables, requestOptions, "application/graphql-response+json, application/json;q=0.9", requestOptions?.signal);
      const text = await response.text();
      return resultOf<TData>(parseBody(text), text, response.status, name, label);
    },

    async *subscribe<TData, TVariables extends Record<string, unknown>>(
      document: TypedDocumentNode<TData, TVariables>,
      ...[variables, requestOptions]: RequestArgs<NoInfer<TVariables>>
    ): AsyncGenerator<GraphResult<TData>, void, undefined> {
      // Ours, so that leaving the loop closes the connection (and the server's poller can stop).
      const controller = new AbortController();
      const outer = requestOptions?.signal;
      const forward = () => controller.abort(outer?.reason);
      if (outer?.aborted) forward();
      outer?.addEventListener("abort", forward, { once: true });
      try {
        const { response, name, label } = await send(document, variables, requestOptions, "text/event-stream", controller.signal);
        if (!(response.headers.get("content-type") ?? "").includes("text/event-stream")) {
          // Refused before streaming (a bad request): a plain GraphQL response.
          const text = await response.text();
          yield resultOf<TData>(parseBody(text), text, response.status, name, label);
          return;
        }
        if (!response.body) throw new GraphClientError(`${label}: HTTP ${response.status} without a body`, [], response.status, name);
        for await (const event of sseEvents(response.body)) {
          if (event.event === "complete") return;
          if (event.event !== "next") continue;
          yield resultOf<TData>(parseBody(event.data), event.data, response.status, name, label);
        }
      } catch (error) {
        if (outer?.aborted) return;
        throw error;
      } finally {
        outer?.removeEventListener("abort", forward);
        controller.abort();
      }
    },
  };
}

function resultOf<TData>(body: { data?: unknown; errors?: GraphErrorShape[] } | null, text: string, status: number, name: string | null, label: string): GraphResult<TData> {
  if (!body) {
    throw new GraphClientError(`${label}: HTTP ${status} without a GraphQL response${text ? `: ${text.slice(0, 200)}` : ""}`, [], status, name);
  }
  const errors = body.errors && body.errors.length > 0 ? body.errors : undefined;
  if (body.data === undefined || body.data === null) {
    const first = errors?.[0];
    const summary = first ? `${first.message}${typeof first.extensions?.code === "string" ? ` [${first.extensions.code}]` : ""}` : "no data and no errors";
    const more = errors && errors.length > 1 ? ` (and ${errors.length - 1} more)` : "";
    throw new GraphClientError(`${label}: ${summary}${more}`, errors ?? [], status, name);
  }
  return errors ? { data: body.data as TData, errors } : { data: body.data as TData };
}

/** The events of a text/event-stream body: `event:` and `data:` lines, a blank line ends each. */
async function* sseEvents(body: ReadableStream<Uint8Array>): AsyncGenerator<{ event: string; data: string }> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += decoder.decode(value, { stream: true }).replace(/\r\n?/g, "\n");
      let end: number;
      while ((end = buffer.indexOf("\n\n")) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        let event = "message";
        const data: string[] = [];
        for (const line of block.split("\n")) {
          // Lines starting with ":" are comments (the server's keep-alive pings).
          if (line === "" || line.startsWith(":")) continue;
          const colon = line.indexOf(":");
          const field = colon < 0 ? line : line.slice(0, colon);
          const value = colon < 0 ? "" : line.slice(colon + 1).replace(/^ /, "");
          if (field === "event") event = value;
          else if (field === "data") data.push(value);
        }
        if (data.length > 0 || event !== "message") yield { event, data: data.join("\n") };
      }
    }
  } finally {
    reader.releaseLock();
  }
}

function operationNameOf(document: DocumentNode): string | null {
  for (const definition of document.definitions) {
    if (definition.kind === Kind.OPERATION_DEFINITION) return definition.name?.value ?? null;
  }
  return null;
}

// Anything that is not a JSON object with `data` or `errors` (a proxy's HTML page, say) is not a
// GraphQL response, whatever its status.
function parseBody(text: string): { data?: unknown; errors?: GraphErrorShape[] } | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) return null;
  const record = value as Record<string, unknown>;
  if (!("data" in record) && !("errors" in record)) return null;
  if (record["errors"] !== undefined && !Array.isArray(record["errors"])) return null;
  return record as { data?: unknown; errors?: GraphErrorShape[] };
}
