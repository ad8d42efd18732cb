// Every vendor payload passes a zod schema before mapping. A payload that does not fit is the
// vendor's fault, not ours, so it becomes UPSTREAM_ERROR with the first bad path spelled out: an
// operator reading the log must be able to see *what* the vendor changed without a debugger.
import type { z } from "zod";
import type { Canonical } from "./canonical.js";
import type { HttpRequest, Transport, TransportErrorInit } from "./transport.js";
import type { UpstreamError } from "./UpstreamError.js";

export interface DecodeContext {
  transport: Transport;
  /** The request whose answer is decoded; kept (redacted) on the error. */
  req: HttpRequest;
  /** HTTP status of the answer, when known. */
  status?: number;
  /** A vendor's correlation id (shiheng `traceId`), when the envelope had one. */
  traceId?: string | null;
}

/** `data.data[3].createtime`; the root itself is `(body)`. */
export function formatIssuePath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const key of path) {
    if (typeof key === "number") out += `[${key}]`;
    else out += out === "" ? String(key) : `.${String(key)}`;
  }
  return out === "" ? "(body)" : out;
}

/** zod's first issue as `path: problem`, e.g. `data[0].id: expected number, received string`. */
export function describeIssues(issues: readonly z.core.$ZodIssue[]): string {
  const first = issues[0];
  if (!first) return "(body): invalid";
  const problem = first.message.replace(/^Invalid input: /, "");
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more problem${issues.length > 2 ? "s" : ""})` : "";
  return `${formatIssuePath(first.path)}: ${problem}${more}`;
}

/**
 * An UpstreamError about the answer `ctx` describes (a broken payload, a refusing envelope), made
 * through the Transport so the request is redacted and the status and traceId travel with it.
 * An explicit `traceId` wins over the context's: an envelope may be read before the context has one.
 */
export function answerError(ctx: DecodeContext, init: Omit<TransportErrorInit, "status">): UpstreamError {
  const { transport, req } = ctx;
  const traceId = init.traceId === undefined ? ctx.traceId : init.traceId;
  return transport.error(req, transport.url(req), {
    ...init,
    ...(ctx.status === undefined ? {} : { status: ctx.status }),
    ...(traceId == null ? {} : { traceId }),
  });
}

/** The UpstreamError for a payload that failed its schema. */
export function decodeError(issues: readonly z.core.$ZodIssue[], ctx: DecodeContext): UpstreamError {
  // zod's text names the vendor's keys (an unknown key, a path): vendor text, so it is quoted.
  const problem = ctx.transport.quote(describeIssues(issues));
  return answerError(ctx, { code: "UPSTREAM_ERROR", message: `${ctx.transport.vendor} ${ctx.req.endpoint}: ${problem}` });
}

/**
 * Parses `body` with `schema`; on failure throws UPSTREAM_ERROR naming the first bad path.
 * `canonical` mirrors the schema (canonical.ts): a body it accepts is already what the schema
 * would output, and is taken as it is.
 */
export function decode<S extends z.ZodType>(schema: S, body: unknown, ctx: DecodeContext, canonical?: Canonical): z.output<S> {
  if (canonical?.(body)) return body as z.output<S>;
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  throw decodeError(result.error.issues, ctx);
}
