// 食亨 answers `{ code, msg, traceId, result }` (docs/vendors/shiheng.md, Envelope): `code` is a string, "0"
// is success, anything else is an error that `msg` explains; `traceId` is what the vendor's
// support asks for, so it travels on the error.
import type { ErrorCode } from "../../errors/codes.js";
import { answerError, decode, type DecodeContext } from "../http/decode.js";
import { VENDOR_CODE_MAX_CHARS } from "../http/transport.js";
import type { UpstreamError } from "../http/UpstreamError.js";
import { rawEnvelopeHeadSchema, type RawEnvelopeHead } from "./schemas.js";

/** What the codes mean (docs/vendors/shiheng.md, Errors: Decision for 1001/1002; the simulators' 1003/1004). */
export const SHIHENG_CODES: Readonly<Record<string, string>> = {
  "1001": "sign rejected: check appSecret and the signer",
  "1002": "timestamp rejected: our clock is more than 300 s off the vendor's",
  "1003": "appId unknown",
  "1004": "bad parameter",
};

/** Our code for a vendor code (docs/vendors/shiheng.md, Errors). */
export function classifyCode(code: string): { code: ErrorCode; retryable: boolean } {
  if (code === "1001" || code === "1002" || code === "1003") return { code: "UPSTREAM_UNAUTHORIZED", retryable: false };
  // A 5xx-style code inside the envelope is the vendor's server failing, as an HTTP 5xx would be.
  if (/^5\d\d$/.test(code)) return { code: "UPSTREAM_ERROR", retryable: true };
  return { code: "UPSTREAM_ERROR", retryable: false };
}

/** The envelope's head; a body without a usable `code` is a broken payload (UPSTREAM_ERROR). */
export function readEnvelope(body: unknown, ctx: DecodeContext): RawEnvelopeHead {
  const traceId = body !== null && typeof body === "object" && typeof (body as { traceId?: unknown }).traceId === "string" ? (body as { traceId: string }).traceId : null;
  return decode(rawEnvelopeHeadSchema, body, { ...ctx, traceId });
}

/**
 * The UpstreamError for a head whose code is not "0". `sentSecrets` are per-request credentials
 * (the sign) that a vendor message might echo and the transport does not know about.
 */
export function envelopeError(head: RawEnvelopeHead, ctx: DecodeContext, sentSecrets: readonly string[] = []): UpstreamError {
  const { code, retryable } = classifyCode(head.code);
  // Every piece of the envelope is vendor text: quoted (scrubbed, then cut) before it is used.
  const quote = (text: string, maxChars?: number) => ctx.transport.quote(text, maxChars, sentSecrets);
  const vendorMessage = head.msg === null ? null : quote(head.msg);
  const traceId = head.traceId === null ? null : quote(head.traceId, VENDOR_CODE_MAX_CHARS);
  const vendorCode = quote(head.code, VENDOR_CODE_MAX_CHARS);
  const known = SHIHENG_CODES[head.code];
  const trace = traceId ? ` [traceId ${traceId}]` : "";
  return answerError(ctx, {
    code,
    retryable,
    message: `shiheng ${ctx.req.endpoint}: code ${vendorCode}${known ? ` (${known})` : ""}${vendorMessage ? `: ${vendorMessage}` : ""}${trace}`,
    vendorCode,
    vendorMessage,
    traceId,
  });
}
