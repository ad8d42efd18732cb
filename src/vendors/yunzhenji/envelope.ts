// yunzhenji answers HTTP 200 with `{ errcode, message }` on every error (docs/vendors/yunzhenji.md, Envelope):
// the status line says nothing, the envelope says everything.
import type { ErrorCode } from "../../errors/codes.js";
import { answerError, decode, type DecodeContext } from "../http/decode.js";
import { UpstreamError } from "../http/UpstreamError.js";
import { canonicalEnvelopeHead } from "./canonical.js";
import { rawEnvelopeHeadSchema } from "./schemas.js";

/** The vendor's error codes, as docs/vendors/yunzhenji.md (Errors) lists them. */
export const YUNZHENJI_ERRCODES: Readonly<Record<number, string>> = {
  101: "bad app_id",
  102: "bad app_secret",
  103: "bad grant_type",
  110: "bad access token",
  111: "access token expired",
  112: "access token missing",
  113: "IP not whitelisted",
  114: "app expired",
  405: "wrong method",
  406: "bad parameter",
  407: "rate limited",
  1001: "upstream error",
};

/** Codes after which a fresh token may succeed (docs/vendors/yunzhenji.md, Auth: refresh once and retry). */
export const TOKEN_REJECTED_ERRCODES: ReadonlySet<number> = new Set([110, 111, 112]);

/** Our code for an errcode (docs/vendors/yunzhenji.md, Errors): auth, rate limit, or a plain upstream error. */
export function classifyErrcode(errcode: number): { code: ErrorCode; retryable: boolean } {
  if ((errcode >= 101 && errcode <= 103) || (errcode >= 110 && errcode <= 114)) return { code: "UPSTREAM_UNAUTHORIZED", retryable: false };
  // ≤500 pulls a minute per user: retrying at once only digs deeper, so it is final.
  if (errcode === 407) return { code: "UPSTREAM_RATE_LIMITED", retryable: false };
  // The vendor's own upstream failed: transient, worth another attempt.
  if (errcode === 1001) return { code: "UPSTREAM_ERROR", retryable: true };
  return { code: "UPSTREAM_ERROR", retryable: false };
}

/** True for an error the client may answer with one token refresh and one more attempt. */
export function isTokenRejection(error: unknown): error is UpstreamError {
  return (
    error instanceof UpstreamError &&
    error.vendor === "yunzhenji" &&
    typeof error.vendorCode === "number" &&
    TOKEN_REJECTED_ERRCODES.has(error.vendorCode)
  );
}

/**
 * Throws the UpstreamError an error envelope stands for; returns quietly for `errcode: 0`.
 * The error text comes from `message` (this vendor does not use WeCom's `errmsg`).
 */
export function checkEnvelope(body: unknown, ctx: DecodeContext): void {
  const head = decode(rawEnvelopeHeadSchema, body, ctx, canonicalEnvelopeHead);
  if (head.errcode === 0) return;
  const { code, retryable } = classifyErrcode(head.errcode);
  const text = head.message ?? head.errmsg;
  const vendorMessage = text == null ? null : ctx.transport.quote(text);
  const known = YUNZHENJI_ERRCODES[head.errcode];
  const said = vendorMessage ? `: ${vendorMessage}` : "";
  throw answerError(ctx, {
    code,
    retryable,
    message: `yunzhenji ${ctx.req.endpoint}: errcode ${head.errcode}${known ? ` (${known})` : ""}${said}`,
    vendorCode: head.errcode,
    vendorMessage,
  });
}
