// yunzhong answers HTTP 200 with `{ result: 0, msg, data: [] }` when it refuses; it has no error
// codes, so the only signal that says *why* is `msg`. Vendor facts:
// docs/vendors/yunzhong.md (Envelope and Errors).
import type { ErrorCode } from "../../errors/codes.js";
import { answerError, type DecodeContext } from "../http/decode.js";
import type { UpstreamError } from "../http/UpstreamError.js";
import type { YunzhongEnvelope } from "./schemas.js";

/**
 * Messages that mean our session is not good for this corp: 请先登录 (no or expired session,
 * docs/vendors/yunzhong.md, Auth) and 无权管理该企业 (the session's merchant has no right over that uniacid).
 * Matched as substrings because PHP templates add punctuation around them.
 */
export const UNAUTHORIZED_MESSAGES = ["请先登录", "无权管理该企业"] as const;

export function envelopeCode(msg: string | null | undefined): ErrorCode {
  return UNAUTHORIZED_MESSAGES.some((m) => msg?.includes(m)) ? "UPSTREAM_UNAUTHORIZED" : "UPSTREAM_ERROR";
}

/**
 * The UpstreamError for a refusing envelope (`result` other than 1), or null for a success.
 * Refusals are final: retrying a missing session or a missing right only repeats the answer.
 */
export function envelopeError(envelope: YunzhongEnvelope, ctx: DecodeContext): UpstreamError | null {
  if (envelope.result === 1) return null;
  // Classified on the whole message (a cut could drop the words that say why); quoted only after.
  const msg = envelope.msg == null ? null : ctx.transport.quote(envelope.msg);
  return answerError(ctx, {
    code: envelopeCode(envelope.msg),
    message: `${ctx.transport.vendor} ${ctx.req.endpoint}: ${msg ?? "refused without a message"} (result ${envelope.result})`,
    vendorCode: envelope.result,
    vendorMessage: msg,
  });
}
