import type { ErrorCode, Vendor } from "../../errors/codes.js";
import { redactBody, redactHeaders, redactUrl } from "./redact.js";

/** What an error keeps of the request that failed, with credentials already removed. */
export interface RedactedRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: unknown;
}

export interface UpstreamErrorOptions {
  vendor: Vendor;
  /** Our name of the endpoint, e.g. "wechat/list". */
  endpoint: string;
  code: ErrorCode;
  message: string;
  /** The vendor's own code (errcode, code, result), as sent. */
  vendorCode?: string | number | null;
  vendorMessage?: string | null;
  status?: number | null;
  traceId?: string | null;
  retryable?: boolean;
  /** Seconds before the vendor (or our quota) will take this call again, when known. */
  retryAfterSeconds?: number | null;
  request?: { method: string; url: string; headers?: Record<string, string>; body?: unknown };
  cause?: unknown;
}

/**
 * The one error class every vendor connector throws. It carries our code from the closed
 * catalogue (src/errors/codes.ts) so the GraphQL boundary converts it without knowing any vendor.
 */
export class UpstreamError extends Error {
  override readonly name = "UpstreamError";
  readonly vendor: Vendor;
  readonly endpoint: string;
  readonly code: ErrorCode;
  readonly vendorCode: string | number | null;
  readonly vendorMessage: string | null;
  readonly status: number | null;
  readonly traceId: string | null;
  readonly retryable: boolean;
  /**
   * Seconds before a rate-limited call may be made again: the vendor's `Retry-After`, or filled in
   * by the quota governor (src/quota) with the pause it started, so a client learns when to come back.
   */
  retryAfterSeconds: number | null;
  readonly request: RedactedRequest | null;

  constructor(options: UpstreamErrorOptions) {
    super(options.message, options.cause === undefined ? undefined : { cause: options.cause });
    this.vendor = options.vendor;
    this.endpoint = options.endpoint;
    this.code = options.code;
    this.vendorCode = options.vendorCode ?? null;
    this.vendorMessage = options.vendorMessage ?? null;
    this.status = options.status ?? null;
    this.traceId = options.traceId ?? null;
    this.retryable = options.retryable ?? false;
    this.retryAfterSeconds = options.retryAfterSeconds ?? null;
    this.request = options.request
      ? {
          method: options.request.method,
          url: redactUrl(options.request.url),
          headers: redactHeaders(options.request.headers),
          ...(options.request.body === undefined ? {} : { body: redactBody(options.request.body) }),
        }
      : null;
  }

  /** A log-safe summary (no credentials: the request was redacted on construction). */
  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      message: this.message,
      vendor: this.vendor,
      endpoint: this.endpoint,
      code: this.code,
      vendorCode: this.vendorCode,
      vendorMessage: this.vendorMessage,
      status: this.status,
      traceId: this.traceId,
      retryable: this.retryable,
      retryAfterSeconds: this.retryAfterSeconds,
      request: this.request,
    };
  }
}
