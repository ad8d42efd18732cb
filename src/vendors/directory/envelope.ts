// The directory answers HTTP 200 with WeCom's `{ errcode, errmsg }`. We branch on errcode only:
// errmsg is free text that WeCom rewords (and decorates with hints and IPs).
// Codes and what we map them to: docs/vendors/directory.md, Errors.
import type { ErrorCode } from "../../errors/codes.js";
import { answerError, type DecodeContext } from "../http/decode.js";
import type { UpstreamError } from "../http/UpstreamError.js";
import type { DirectoryEnvelope } from "./schemas.js";

/** -1: system busy; WeCom asks callers to retry with backoff. */
export const BUSY_CODES: ReadonlySet<number> = new Set([-1]);
/** 40014 / 42001 invalid or expired token; 48002 / 60011 no permission (for the corp or the user). */
export const UNAUTHORIZED_CODES: ReadonlySet<number> = new Set([40014, 42001, 48002, 60011]);
export const RATE_LIMITED_CODES: ReadonlySet<number> = new Set([45009]);
/** 40003 invalid userid, 60111 userid not found: the employee does not exist, which is an answer, not a failure. */
export const NOT_FOUND_CODES: ReadonlySet<number> = new Set([40003, 60111]);

export function isNotFound(envelope: DirectoryEnvelope): boolean {
  return NOT_FOUND_CODES.has(envelope.errcode);
}

export function errcodeToCode(errcode: number): ErrorCode {
  if (UNAUTHORIZED_CODES.has(errcode)) return "UPSTREAM_UNAUTHORIZED";
  if (RATE_LIMITED_CODES.has(errcode)) return "UPSTREAM_RATE_LIMITED";
  return "UPSTREAM_ERROR";
}

/**
 * The UpstreamError for a failing envelope, or null when errcode is 0 or says "no such user".
 * Only "busy" is retryable: an auth failure or a rate limit repeats itself and burns quota.
 */
export function envelopeError(envelope: DirectoryEnvelope, ctx: DecodeContext): UpstreamError | null {
  const { errcode } = envelope;
  if (errcode === 0 || isNotFound(envelope)) return null;
  const errmsg = envelope.errmsg == null ? null : ctx.transport.quote(envelope.errmsg);
  return answerError(ctx, {
    code: errcodeToCode(errcode),
    message: `${ctx.transport.vendor} ${ctx.req.endpoint}: errcode ${errcode}${errmsg ? ` (${errmsg})` : ""}`,
    vendorCode: errcode,
    vendorMessage: errmsg,
    retryable: BUSY_CODES.has(errcode),
  });
}
