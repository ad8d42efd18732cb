// A typed GraphQL-over-HTTP client for wecom-graph that needs only `graphql` (to print documents),
// eventsource-parser (to read event streams) and the platform's fetch, so the same file serves a
// browser frontend and a Node service. Types come from the documents that `npm run codegen`
// generates into ./generated/: the compiler checks the variables and types the result; nothing is
// written by hand. Each generated document carries its hash, and the client sends the hash rather
// than the text (a server in trusted-documents mode runs nothing else), falling back to the text
// once when the server does not know the hash. Subscriptions arrive over Server-Sent Events
// (GraphQL over SSE, distinct connections: one streamed POST per subscription), read from the
// fetch body, so no EventSource is needed.
// The event-stream parsing is eventsource-parser's (3.x: 4.x wants Node 22.12): our own reader had
// already split CRLF line ends wrongly once, and the maintained one follows the EventSource rules
// line for line, for 1.1 KiB more gzipped (this file bundled and minified for a browser, graphql
// left out: 2.3 KiB before, 3.4 KiB after). graphql-sse's client is 3.4 KiB gzipped on its own and
// would take over the requests themselves, where the hash-then-text retry lives, not just the parsing.
import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import { createParser } from "eventsource-parser";
import { Kind, print, type DocumentNode } from "graphql";

/**
 * The codes wecom-graph puts in `extensions.code` (README, Errors). The client ships without the
 * server's code, so this is a copy of src/errors/codes.ts: test/client/errorCodes.test.ts fails
 * when the two lists differ.
 */
export const GRAPH_ERROR_CODES = [
  "UPSTREAM_ERROR",
  "UPSTREAM_TIMEOUT",
  "UPSTREAM_UNAUTHORIZED",
  "UPSTREAM_RATE_LIMITED",
  "VENDOR_NOT_CONFIGURED",
  "BAD_USER_INPUT",
  "QUERY_TOO_COMPLEX",
  "UNAUTHENTICATED",
  "AUTH_UNAVAILABLE",
  "PERSISTED_QUERY_NOT_FOUND",
  "PERSISTED_QUERY_ONLY",
  "REQUEST_ENTITY_TOO_LARGE",
  "BAD_REQUEST",
  "RATE_LIMITED",
  "GRAPHQL_PARSE_FAILED",
  "GRAPHQL_VALIDATION_FAILED",
  "INTERNAL_SERVER_ERROR",
] as const;

export type GraphErrorCode = (typeof GRAPH_ERROR_CODES)[number];

/** The vendors an error's `extensions.vendor` names (a copy of src/errors/codes.ts's, checked likewise). */
export const VENDORS = ["yunzhenji", "shiheng", "yunzhong", "directory"] as const;

export type Vendor = (typeof VENDORS)[number];

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
  /**
   * An API key or a JWT, sent as `Authorization: Bearer <token>`; a function is called per
   * request (e.g. to read a fresh JWT). Wins over `headers`.
   */
  token?: string | (() => string | Promise<string>) | undefined;
  /** The whole `Authorization` header value, e.g. "Bearer …"; wins over `headers` and `token`. */
  authorization?: string | (() => string | Promise<string>);
  /**
   * Send a generated document's hash instead of its text (default true). A server that does not
   * know the hash gets the text once, and from then on for that document.
   */
  persistedDocuments?: boolean;
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

interface Answer {
  status: number;
  text: string;
  body: { data?: unknown; errors?: GraphErrorShape[] } | null;
}

export function createClient(options: ClientOptions): GraphClient {
  const doFetch = options.fetch ?? globalThis.fetch;
  if (typeof doFetch !== "function") throw new TypeError("createClient: no fetch available; pass options.fetch");
  // Documents are module constants: print each once, not per request.
  const printed = new WeakMap<DocumentNode, { query: string; operationName: string | null; hash: string | null }>();
  // Documents this server did not know by hash but ran as text: sent as text from then on.
  const textOnly = new WeakSet<DocumentNode>();
  const useHashes = options.persistedDocuments ?? true;

  /** What every exchange of one operation shares: its text or hash, name and headers. */
  async function prepare(document: DocumentNode, variables: unknown, requestOptions: RequestOptions | undefined, accept: string) {
    let source = printed.get(document);
    if (!source) {
      source = { query: print(document), operationName: operationNameOf(document), hash: hashOf(document) };
      printed.set(document, source);
    }
    // Headers, not a plain object: names are case-insensitive, so a caller's "Content-Type" or
    // "Authorization" replaces ours instead of being sent beside it.
    const headers = new Headers({ "content-type": "application/json", accept });
    const extra = [typeof options.headers === "function" ? await options.headers() : options.headers, requestOptions?.headers];
    for (const map of extra) for (const [key, value] of Object.entries(map ?? {})) headers.set(key, value);
    if (options.token !== undefined) {
      headers.set("authorization", `Bearer ${typeof options.token === "function" ? await options.token() : options.token}`);
    }
    if (options.authorization !== undefined) {
      headers.set("authorization", typeof options.authorization === "function" ? await options.authorization() : options.authorization);
    }
    const name = source.operationName;
    const label = name ?? "anonymous operation";
    const common = { ...(name ? { operationName: name } : {}), ...(variables ? { variables } : {}) };
    const post = async (payload: Record<string, unknown>, signal: AbortSignal | undefined): Promise<Response> => {
      try {
        return await doFetch(options.endpoint, { method: "POST", headers, body: JSON.stringify({ ...payload, ...common }), ...(signal ? { signal } : {}) });
      } catch (cause) {
        // An abort the caller asked for stays an AbortError, as with fetch itself.
        if (requestOptions?.signal?.aborted) throw cause;
        throw new GraphClientError(`${label}: request to ${options.endpoint} failed: ${(cause as Error).message}`, [], null, name, { cause });
      }
    };
    // The hash while this server knows it; the text once it said it does not.
    const byHash = useHashes && source.hash !== null && !textOnly.has(document);
    const payload = byHash ? { extensions: { persistedQuery: { version: 1, sha256Hash: source.hash } } } : { query: source.query };
    return { source, name, label, post, payload, byHash };
  }

  return {
    async request<TData, TVariables extends Record<string, unknown>>(
      document: TypedDocumentNode<TData, TVariables>,
      ...[variables, requestOptions]: RequestArgs<NoInfer<TVariables>>
    ): Promise<GraphResult<TData>> {
      const accept = "application/graphql-response+json, application/json;q=0.9";
      const { source, name, label, post, payload, byHash } = await prepare(document, variables, requestOptions, accept);
      const send = async (body: Record<string, unknown>): Promise<Answer> => {
        const response = await post(body, requestOptions?.signal);
        const text = await response.text();
        return { status: response.status, text, body: parseBody(text) };
      };
      let answer = await send(payload);
      if (byHash && hasOnlyCode(answer, "PERSISTED_QUERY_NOT_FOUND")) {
        const asText = await send({ query: source.query });
        // A server that runs only its trusted documents refuses the text too; the first answer
        // says what is actually wrong (its manifest lacks this document).
        if (!hasOnlyCode(asText, "PERSISTED_QUERY_ONLY")) {
          textOnly.add(document);
          answer = asText;
        }
      }
      return resultOf<TData>(answer.body, answer.text, answer.status, name, label);
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
        const { source, name, label, post, payload, byHash } = await prepare(document, variables, requestOptions, "text/event-stream");
        // Each answer of one stream: a plain JSON response when the server refused before
        // streaming, else one per `next` event.
        async function* answers(body: Record<string, unknown>, signal: AbortSignal): AsyncGenerator<Answer> {
          const response = await post(body, signal);
          if (!(response.headers.get("content-type") ?? "").includes("text/event-stream")) {
            const text = await response.text();
            yield { status: response.status, text, body: parseBody(text) };
            return;
          }
          if (!response.body) throw new GraphClientError(`${label}: HTTP ${response.status} without a body`, [], response.status, name);
          for await (const event of sseEvents(response.body)) {
            if (event.event === "complete") return;
            if (event.event === "next") yield { status: response.status, text: event.data, body: parseBody(event.data) };
          }
        }
        let stream = answers(payload, controller.signal);
        let first = await stream.next();
        if (byHash && !first.done && hasOnlyCode(first.value, "PERSISTED_QUERY_NOT_FOUND")) {
          // As for request(): the text once, and from then on, unless the server runs only its manifest.
          const retry = new AbortController();
          const stop = () => retry.abort();
          controller.signal.addEventListener("abort", stop, { once: true });
          const asText = answers({ query: source.query }, retry.signal);
          const again = await asText.next();
          if (again.done || !hasOnlyCode(again.value, "PERSISTED_QUERY_ONLY")) {
            textOnly.add(document);
            stream = asText;
            first = again;
          } else retry.abort();
        }
        for (let next = first; !next.done; next = await stream.next()) {
          yield resultOf<TData>(next.value.body, next.value.text, next.value.status, name, label);
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


/** The SHA-256 (hex) codegen embeds in a generated document as `__meta__.hash` ("sha256:<hex>"). */
function hashOf(document: DocumentNode): string | null {
  const hash = (document as { __meta__?: { hash?: unknown } }).__meta__?.hash;
  if (typeof hash !== "string") return null;
  const hex = hash.startsWith("sha256:") ? hash.slice("sha256:".length) : hash;
  return /^[0-9a-f]{64}$/i.test(hex) ? hex.toLowerCase() : null;
}

function hasOnlyCode(answer: Answer, code: string): boolean {
  const errors = answer.body?.errors;
  return (answer.body?.data === undefined || answer.body.data === null) && errors !== undefined && errors.length > 0 && errors.every((e) => e.extensions?.code === code);
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

/**
 * The events of a text/event-stream body, as EventSource reads them (eventsource-parser): a
 * blank line ends each, and a block without `data:` is no event.
 * Exported for the tests that watch a subscription's raw stream (test/helpers/sse.ts).
 */
export async function* sseEvents(body: ReadableStream<Uint8Array>): AsyncGenerator<{ event: string; data: string }> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  const ready: { event: string; data: string }[] = [];
  const parser = createParser({ onEvent: (e) => ready.push({ event: e.event ?? "message", data: e.data }) });
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      parser.feed(decoder.decode(value, { stream: true }));
      for (const event of ready.splice(0)) yield event;
    }
  } finally {
    reader.releaseLock();
  }
}
