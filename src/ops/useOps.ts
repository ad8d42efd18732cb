// The operator's side of every request, as the first yoga plugin:
// - GET /healthz, /readyz and /metrics are answered in `onRequest`, before any plugin after this
//   one (authentication included) sees the request: probes and scrapers carry no credentials.
//   Keep this plugin first in createApp's list.
// - every response carries `x-request-id` (the client's when it sent a sane one), and the
//   request's log lines name it (RequestScopes);
// - a request refused before execution (unparsable, invalid, too complex, too large, not
//   authenticated, …) is logged and counted once, when its response goes out.
import type { Plugin } from "graphql-yoga";
import type { Metrics } from "./Metrics.js";
import type { Readiness } from "./Readiness.js";
import type { Rejection } from "../core/RequestScope.js";
import type { RequestScopes } from "./requestScope.js";

export const OPS_PATHS = ["/healthz", "/readyz", "/metrics"] as const;
const MAX_LOGGED_MESSAGE = 300;

export interface OpsOptions {
  scopes: RequestScopes;
  readiness: Readiness;
  metrics: Metrics;
}

const REASON_BY_CODE: Record<string, string> = {
  GRAPHQL_PARSE_FAILED: "parse",
  GRAPHQL_VALIDATION_FAILED: "validation",
  QUERY_TOO_COMPLEX: "complexity",
  REQUEST_ENTITY_TOO_LARGE: "body_too_large",
  UNAUTHENTICATED: "auth",
  FORBIDDEN: "auth",
  RATE_LIMITED: "rate_limited",
  PERSISTED_QUERY_NOT_FOUND: "persisted_query",
  PERSISTED_QUERY_ONLY: "persisted_query",
  BAD_USER_INPUT: "bad_input",
  BAD_REQUEST: "bad_request",
};

function reasonOfStatus(status: number): string {
  if (status === 401 || status === 403) return "auth";
  if (status === 413) return "body_too_large";
  if (status === 429) return "rate_limited";
  if (status === 404) return "not_found";
  return "bad_request";
}

interface ErrorLike {
  message?: unknown;
  extensions?: { code?: unknown };
}

/** The first error of a result that never reached execution, or null when it has data. */
function rejectionOf(result: unknown): Omit<Rejection, "reason"> | null {
  const single = Array.isArray(result) ? result[0] : result;
  if (!single || typeof single !== "object" || !("errors" in single)) return null;
  const { errors, data } = single as { errors?: ErrorLike[]; data?: unknown };
  if (!errors?.length || (data !== undefined && data !== null)) return null;
  const first = errors[0] as ErrorLike;
  // Cut: a validation message can quote a literal of the query, and a query can be a megabyte.
  const message = typeof first.message === "string" ? (first.message.length > MAX_LOGGED_MESSAGE ? `${first.message.slice(0, MAX_LOGGED_MESSAGE)}…` : first.message) : null;
  return { code: typeof first.extensions?.code === "string" ? first.extensions.code : null, message };
}

export function useOps(options: OpsOptions): Plugin {
  const { scopes, readiness, metrics } = options;
  return {
    onRequest({ request, url, endResponse, fetchAPI }) {
      scopes.of(request);
      if (request.method !== "GET" && request.method !== "HEAD") return;
      const headers = (contentType: string) => ({ "content-type": contentType, "cache-control": "no-store" });
      const json = (body: unknown, status: number) => new fetchAPI.Response(JSON.stringify(body), { status, headers: headers("application/json; charset=utf-8") });
      switch (url.pathname) {
        case "/healthz":
          endResponse(json({ status: "ok" }, 200));
          return;
        case "/readyz":
          return readiness.report().then((report) => endResponse(json(report, report.ready ? 200 : 503)));
        case "/metrics":
          return metrics.render().then(({ contentType, body }) => endResponse(new fetchAPI.Response(body, { status: 200, headers: headers(contentType) })));
      }
    },
    onResultProcess({ request, result }) {
      const scope = scopes.of(request);
      if (scope.executed) return;
      const rejected = rejectionOf(result);
      if (rejected) scope.rejected = { reason: (rejected.code && REASON_BY_CODE[rejected.code]) ?? "bad_request", ...rejected };
    },
    onResponse({ request, response }) {
      const scope = scopes.of(request);
      scopes.release(request);
      response.headers.set("x-request-id", scope.id);
      const path = new URL(request.url, "http://localhost").pathname;
      if ((OPS_PATHS as readonly string[]).includes(path)) return;
      let rejected = scope.rejected;
      if (!rejected && !scope.executed && response.status >= 400) rejected = { reason: reasonOfStatus(response.status), code: null, message: null };
      if (!rejected) return;
      metrics.rejected(rejected.reason);
      // The message is ours or GraphQL's (it can quote a field name, never a variable's value).
      scope.log.info({ reason: rejected.reason, code: rejected.code, status: response.status, method: request.method, path, error: rejected.message }, "request rejected");
    },
  };
}
