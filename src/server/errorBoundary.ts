// The one place where errors become what a client sees. Only errors we raise on purpose
// (UpstreamError, GraphError, and GraphQL's own request errors) keep their message, each with
// `extensions.code`; everything else is masked. A vendor failure that many fields shared is one
// error listing every affected path, never one per row.
import { GraphQLError, type ExecutionResult } from "graphql";
import type { Plugin } from "graphql-yoga";
import { ERROR_CODES, type GraphqlErrorCode } from "../errors/codes.js";
import { GraphError } from "../errors/GraphError.js";
import type { Logger } from "../core/Logger.js";
import { UpstreamError } from "../vendors/http/UpstreamError.js";

// Duck-typed: a GraphQLError may come from graphql's other build (CJS vs ESM) and fail instanceof.
function isGraphQLError(value: unknown): value is GraphQLError {
  return value instanceof Error && value.name === "GraphQLError";
}

const CODES: ReadonlySet<string> = new Set(ERROR_CODES);
export const UNEXPECTED_MESSAGE = "Unexpected error.";

function located(error: GraphQLError | null, message: string, extensions: Record<string, unknown>, path?: readonly (string | number)[]): GraphQLError {
  return new GraphQLError(message, {
    ...(error?.nodes ? { nodes: error.nodes } : {}),
    ...(error?.source ? { source: error.source } : {}),
    ...(error?.positions ? { positions: error.positions } : {}),
    path: path ?? error?.path,
    extensions,
  });
}

function upstreamExtensions(error: UpstreamError): Record<string, unknown> {
  return {
    code: error.code,
    vendor: error.vendor,
    endpoint: error.endpoint,
    ...(error.vendorCode === null ? {} : { vendorCode: error.vendorCode }),
    ...(error.traceId ? { traceId: error.traceId } : {}),
    ...(error.retryAfterSeconds === null ? {} : { retryAfterSeconds: error.retryAfterSeconds }),
  };
}

/** Idempotent: a client-ready error passes through unchanged. */
export function toClientError(error: unknown, logger: Logger, path?: readonly (string | number)[]): GraphQLError {
  const gql = isGraphQLError(error) ? error : null;
  // Executors wrap a resolver's error in one or more GraphQLErrors; what we raised is innermost.
  let original: unknown = error;
  while (isGraphQLError(original) && original.originalError) original = original.originalError;
  if (original instanceof UpstreamError) return located(gql, original.message, upstreamExtensions(original), path);
  if (original instanceof GraphError) {
    return located(gql, original.message, { code: original.code, ...(original.vendor ? { vendor: original.vendor } : {}) }, path);
  }
  if (gql && isGraphQLError(original)) {
    // graphql-js reports bad variables (wrong type, missing) without a code; they are the client's.
    if (gql.extensions?.["code"] === undefined && !gql.path) return located(gql, gql.message, { ...gql.extensions, code: "BAD_USER_INPUT" });
    return gql;
  }
  logger.error({ err: original instanceof Error ? { name: original.name, message: original.message, stack: original.stack } : String(original), path: gql?.path }, "unexpected error in a resolver");
  return located(gql, UNEXPECTED_MESSAGE, { code: "INTERNAL_SERVER_ERROR" satisfies GraphqlErrorCode }, path);
}

function mergeKey(error: GraphQLError): string | null {
  const code = error.extensions?.["code"];
  if (typeof code !== "string" || !CODES.has(code) || code === "BAD_USER_INPUT") return null;
  return JSON.stringify([code, error.extensions["vendor"] ?? null, error.extensions["endpoint"] ?? null, error.message]);
}

/** Errors that share their cause become one, at the first path, with `extensions.paths` listing all. */
export function mergeErrors(errors: readonly GraphQLError[]): GraphQLError[] {
  const out: GraphQLError[] = [];
  const groups = new Map<string, { index: number; paths: (readonly (string | number)[])[] }>();
  for (const error of errors) {
    const key = mergeKey(error);
    if (key === null) {
      out.push(error);
      continue;
    }
    const group = groups.get(key);
    if (group) {
      if (error.path) group.paths.push(error.path);
      continue;
    }
    groups.set(key, { index: out.length, paths: error.path ? [error.path] : [] });
    out.push(error);
  }
  for (const { index, paths } of groups.values()) {
    const first = out[index] as GraphQLError;
    // An operation-wide error (the deadline backstop) has no path to list.
    if (paths.length > 0) out[index] = located(first, first.message, { ...first.extensions, paths }, first.path);
  }
  return out;
}

function isPlainResult(result: unknown): result is ExecutionResult {
  return typeof result === "object" && result !== null && !(Symbol.asyncIterator in result);
}

export function useErrorBoundary(appLogger: Logger): Plugin {
  return {
    onExecute({ args }) {
      // The request's own logger when there is one, so these lines name the request id.
      const logger = (args.contextValue as { scope?: { log: Logger } }).scope?.log ?? appLogger;
      return {
        onExecuteDone({ result, setResult }) {
          if (!isPlainResult(result)) return;
          const all = (result.errors ?? []).map((e) => toClientError(e, logger));
          if (all.length === 0) return;
          const merged = mergeErrors(all);
          for (const error of merged) {
            const ext = error.extensions ?? {};
            if (ext["vendor"]) logger.warn({ code: ext["code"], vendor: ext["vendor"], endpoint: ext["endpoint"], traceId: ext["traceId"], paths: ext["paths"] }, error.message);
          }
          setResult({ ...result, errors: merged });
        },
      };
    },
  };
}
