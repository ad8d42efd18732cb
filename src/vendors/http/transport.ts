import type { ErrorCode, Vendor } from "../../errors/codes.js";
import { NO_CALL_OPTIONS, remainingMs, type CallOptions } from "../../core/CallOptions.js";
import { silentLogger, type Logger } from "../../core/Logger.js";
import { systemClock, type Clock } from "../../core/Clock.js";
import { type FetchLike } from "../../core/FetchLike.js";
import { headerSecrets } from "./headerSecrets.js";
import { quoteVendorText, VENDOR_TEXT_MAX_CHARS } from "./quoteVendorText.js";
import { redactSecretFields, redactSecretParams, redactUrl, scrubSecrets } from "./redact.js";
import { parseRetryAfter } from "./retryAfter.js";
import { nodeHttpFetch } from "./nodeHttpFetch.js";
import { UpstreamError } from "./UpstreamError.js";

export const DEFAULT_TIMEOUT_MS = 5000;
/** A vendor's code or trace id is an identifier; anything longer is not one and is cut. */
export const VENDOR_CODE_MAX_CHARS = 64;
/** How much of a body that is not JSON an error quotes: enough to tell HTML from a cut-off JSON. */
export const BODY_HEAD_CHARS = 40;

export interface TransportOptions {
  vendor: Vendor;
  baseUrl: string;
  /** Per request (default 5000). */
  timeoutMs?: number;
  /** Sent on every request; configured auth headers live here, so their values are secrets too. */
  headers?: Record<string, string>;
  fetch?: FetchLike;
  logger?: Logger;
  clock?: Clock;
  /** Secret values besides the headers' to scrub from any text that reaches an error or a log line. */
  secrets?: readonly (string | undefined)[];
  /** Run around every exchange, outermost first: call budgets, quotas, metrics. */
  wrappers?: readonly ExchangeWrapper[];
}

/** What a wrapper knows of the exchange it wraps. */
export interface ExchangeInfo {
  vendor: Vendor;
  endpoint: string;
  call: CallOptions;
}

/**
 * A concern that wraps each exchange with a vendor (octokit's `hook.wrap("request")`): it sees
 * the exchange's outcome after the vendor's envelope was judged, so an errcode 407 inside an
 * HTTP 200 is a rate limit to it exactly like an HTTP 429.
 */
export type ExchangeWrapper = <T>(info: ExchangeInfo, run: () => Promise<T>) => Promise<T>;

export interface HttpRequest {
  /** Our name of the endpoint for errors and logs, e.g. "wechat/list". */
  endpoint: string;
  method: "GET" | "POST";
  /** Appended to baseUrl. */
  path: string;
  query?: URLSearchParams | Record<string, string | number | undefined>;
  json?: unknown;
  headers?: Record<string, string>;
}

/** What an UpstreamError says beyond the request it is about. */
export interface TransportErrorInit {
  code: ErrorCode;
  message: string;
  status?: number;
  retryable?: boolean;
  cause?: unknown;
  vendorCode?: string | number | null;
  vendorMessage?: string | null;
  traceId?: string | null;
  retryAfterSeconds?: number | null;
}

export interface HttpResponse {
  status: number;
  /** The parsed JSON body. */
  body: unknown;
}

/**
 * One HTTP exchange with a vendor: timeout, transport failures and non-2xx statuses become an
 * UpstreamError with our code. Vendor envelopes inside a 200 are the vendor client's business.
 */
export class Transport {
  readonly vendor: Vendor;
  readonly baseUrl: string;
  readonly timeoutMs: number;
  readonly logger: Logger;
  readonly clock: Clock;
  private readonly headers: Record<string, string>;
  private readonly fetchImpl: FetchLike;
  private readonly secrets: readonly (string | undefined)[];
  /** Credentials learnt at run time (fresh access tokens); only the newest few matter. */
  private readonly runtimeSecrets: string[] = [];
  private readonly wrappers: readonly ExchangeWrapper[];

  constructor(options: TransportOptions) {
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) {
      throw new TypeError(`${options.vendor}: timeoutMs must be a positive number, got ${JSON.stringify(options.timeoutMs)}`);
    }
    this.vendor = options.vendor;
    this.baseUrl = options.baseUrl.replace(/\/+$/, "");
    this.timeoutMs = timeoutMs;
    this.headers = options.headers ?? {};
    // One keep-alive pool per vendor (nodeHttpFetch.ts), unless a fetch is injected.
    this.fetchImpl = options.fetch ?? nodeHttpFetch();
    this.logger = options.logger ?? silentLogger;
    this.clock = options.clock ?? systemClock;
    this.secrets = [...(options.secrets ?? []), ...headerSecrets(this.headers)];
    this.wrappers = options.wrappers ?? [];
  }

  /**
   * One vendor call: the HTTP request, then `judge` (the vendor's envelope, decoding, mapping),
   * inside every wrapper. Vendor clients make each attempt of a public call through here.
   */
  exchange<T>(req: HttpRequest, call: CallOptions, judge: (res: HttpResponse) => T | Promise<T>): Promise<T> {
    let run = async (): Promise<T> => judge(await this.request(req, call));
    for (let i = this.wrappers.length - 1; i >= 0; i--) {
      const wrapper = this.wrappers[i] as ExchangeWrapper;
      const inner = run;
      run = () => wrapper({ vendor: this.vendor, endpoint: req.endpoint, call }, inner);
    }
    return run();
  }

  url(req: Pick<HttpRequest, "path" | "query">): string {
    const url = new URL(this.baseUrl + req.path);
    const q = req.query instanceof URLSearchParams ? req.query : new URLSearchParams();
    if (req.query && !(req.query instanceof URLSearchParams)) {
      for (const [k, v] of Object.entries(req.query)) if (v !== undefined) q.set(k, String(v));
    }
    for (const [k, v] of q) url.searchParams.append(k, v);
    return url.toString();
  }

  /** Removes configured and learnt secrets from text before it reaches a message; never cuts. */
  scrub(text: string): string {
    return redactSecretFields(redactSecretParams(scrubSecrets(text, [...this.secrets, ...this.runtimeSecrets])));
  }

  /**
   * Vendor text as an error may quote it: scrubbed whole, then cut to `maxChars` (quoteVendorText.ts).
   * `alsoSecrets` are credentials of this one request that the Transport does not hold (shiheng's sign).
   */
  quote(text: string, maxChars: number = VENDOR_TEXT_MAX_CHARS, alsoSecrets: readonly string[] = []): string {
    return quoteVendorText(text, (whole) => this.scrub(scrubSecrets(whole, alsoSecrets)), maxChars);
  }

  /**
   * Registers a credential obtained at run time (e.g. a freshly issued access token) so that it is
   * scrubbed like the configured ones. Older ones drop off: an expired token is worth little.
   */
  addSecret(secret: string): void {
    if (!secret || this.runtimeSecrets.includes(secret)) return;
    this.runtimeSecrets.push(secret);
    if (this.runtimeSecrets.length > 8) this.runtimeSecrets.shift();
  }

  /** A network error's cause without the credentials its message may quote (node-fetch quotes the URL). */
  private safeCause(cause: unknown): Error {
    const source = cause instanceof Error ? cause : new Error(String(cause));
    const safe = new Error(this.scrub(source.message));
    safe.name = source.name;
    const code = (source as { code?: unknown }).code;
    if (typeof code === "string") Object.assign(safe, { code });
    return safe;
  }

  error(req: HttpRequest, url: string, init: TransportErrorInit): UpstreamError {
    return new UpstreamError({
      vendor: this.vendor,
      endpoint: req.endpoint,
      ...init,
      // Callers quote vendor text before they build `message` around it (a cut must come after
      // the scrub); scrubbing the whole again here catches anything a caller added unquoted.
      message: this.scrub(init.message),
      vendorMessage: init.vendorMessage == null ? null : this.quote(init.vendorMessage),
      traceId: init.traceId == null ? init.traceId : this.quote(init.traceId, VENDOR_CODE_MAX_CHARS),
      vendorCode: typeof init.vendorCode === "string" ? this.quote(init.vendorCode, VENDOR_CODE_MAX_CHARS) : init.vendorCode,
      request: { method: req.method, url, headers: { ...this.headers, ...req.headers }, body: req.json },
    });
  }

  async request(req: HttpRequest, call: CallOptions = NO_CALL_OPTIONS): Promise<HttpResponse> {
    const url = this.url(req);
    const where = `${this.vendor} ${req.endpoint}`;
    // The operation's deadline bounds this exchange as much as the vendor's own timeout does.
    const left = remainingMs(call, this.clock.now());
    if (call.signal?.aborted) throw this.error(req, url, { code: "UPSTREAM_TIMEOUT", message: `${where} was not called: the request was cancelled` });
    if (left <= 0) throw this.error(req, url, { code: "UPSTREAM_TIMEOUT", message: `${where} was not called: the operation's deadline had passed` });
    const timeoutMs = Math.min(this.timeoutMs, left);
    // Which bound cut the exchange matters to whoever reads the error: a slow vendor, or a whole
    // operation that ran out of time (limits.requestTimeoutMs).
    const byDeadline = left < this.timeoutMs;
    const headers: Record<string, string> = { accept: "application/json", ...this.headers, ...req.headers };
    let body: string | undefined;
    if (req.json !== undefined) {
      headers["content-type"] = "application/json";
      body = JSON.stringify(req.json);
    }
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    const cancel = () => controller.abort();
    call.signal?.addEventListener("abort", cancel, { once: true });
    const started = this.clock.now();
    try {
      let res;
      try {
        res = await this.fetchImpl(url, { method: req.method, headers, body, signal: controller.signal });
      } catch (cause) {
        const safe = this.safeCause(cause);
        if (call.signal?.aborted) throw this.error(req, url, { code: "UPSTREAM_TIMEOUT", message: `${where} was dropped: the request was cancelled`, cause: safe });
        if (controller.signal.aborted) {
          const within = byDeadline ? `the ${timeoutMs} ms left before the operation's deadline` : `${timeoutMs} ms`;
          throw this.error(req, url, { code: "UPSTREAM_TIMEOUT", message: `${where} did not answer within ${within}`, retryable: true, cause: safe });
        }
        throw this.error(req, url, { code: "UPSTREAM_ERROR", message: `${where} could not be reached: ${safe.message}`, retryable: true, cause: safe });
      }
      let text: string;
      try {
        text = await res.text();
      } catch (cause) {
        const timedOut = controller.signal.aborted;
        throw this.error(req, url, {
          code: timedOut ? "UPSTREAM_TIMEOUT" : "UPSTREAM_ERROR",
          message: timedOut ? `${where} did not finish its answer within ${timeoutMs} ms` : `${where} broke off its answer`,
          status: res.status,
          retryable: true,
          cause: this.safeCause(cause),
        });
      }
      // `url` is redacted only if the line is written: at the usual levels it is not, and this runs per vendor call.
      (call.logger ?? this.logger).debug({ vendor: this.vendor, endpoint: req.endpoint, method: req.method, get url() { return redactUrl(url); }, status: res.status, ms: this.clock.now() - started }, "upstream call");
      if (res.status === 429) {
        const retryAfterSeconds = parseRetryAfter(res.headers.get("retry-after"), this.clock.now());
        throw this.error(req, url, { code: "UPSTREAM_RATE_LIMITED", message: `${where} is rate limiting us (HTTP 429)`, status: 429, retryAfterSeconds });
      }
      if (res.status === 401 || res.status === 403) {
        throw this.error(req, url, { code: "UPSTREAM_UNAUTHORIZED", message: `${where} refused our credentials (HTTP ${res.status})`, status: res.status });
      }
      if (res.status >= 500) {
        throw this.error(req, url, { code: "UPSTREAM_ERROR", message: `${where} failed with HTTP ${res.status}`, status: res.status, retryable: true });
      }
      if (res.status >= 400) {
        throw this.error(req, url, { code: "UPSTREAM_ERROR", message: `${where} rejected the request with HTTP ${res.status}`, status: res.status });
      }
      try {
        return { status: res.status, body: JSON.parse(text) as unknown };
      } catch (cause) {
        throw this.error(req, url, { code: "UPSTREAM_ERROR", message: `${where} answered with malformed JSON (${text.length} bytes, starting ${JSON.stringify(this.quote(text, BODY_HEAD_CHARS))})`, status: res.status, cause: this.safeCause(cause) });
      }
    } finally {
      clearTimeout(timer);
      call.signal?.removeEventListener("abort", cancel);
    }
  }
}
