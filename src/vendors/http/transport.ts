import type { ErrorCode, Vendor } from "../../errors/codes.js";
import { silentLogger, systemClock, type Clock, type FetchLike, type Logger } from "./deps.js";
import { headerSecrets } from "./headerSecrets.js";
import { nodeHttpFetch } from "./nodeHttpFetch.js";
import { redactSecretParams, redactUrl, scrubSecrets } from "./redact.js";
import { UpstreamError } from "./UpstreamError.js";

export const DEFAULT_TIMEOUT_MS = 5000;

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
}

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

  /** Removes configured secrets from vendor-supplied text before it reaches a message. */
  scrub(text: string): string {
    return redactSecretParams(scrubSecrets(scrubSecrets(text, this.secrets), this.runtimeSecrets));
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
      message: this.scrub(init.message),
      vendorMessage: init.vendorMessage == null ? null : this.scrub(init.vendorMessage),
      request: { method: req.method, url, headers: { ...this.headers, ...req.headers }, body: req.json },
    });
  }

  async request(req: HttpRequest): Promise<HttpResponse> {
    const url = this.url(req);
    const headers: Record<string, string> = { accept: "application/json", ...this.headers, ...req.headers };
    let body: string | undefined;
    if (req.json !== undefined) {
      headers["content-type"] = "application/json";
      body = JSON.stringify(req.json);
    }
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), this.timeoutMs);
    const started = this.clock.now();
    const where = `${this.vendor} ${req.endpoint}`;
    try {
      let res;
      try {
        res = await this.fetchImpl(url, { method: req.method, headers, body, signal: controller.signal });
      } catch (cause) {
        const safe = this.safeCause(cause);
        if (controller.signal.aborted) {
          throw this.error(req, url, { code: "UPSTREAM_TIMEOUT", message: `${where} did not answer within ${this.timeoutMs} ms`, retryable: true, cause: safe });
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
          message: timedOut ? `${where} did not finish its answer within ${this.timeoutMs} ms` : `${where} broke off its answer`,
          status: res.status,
          retryable: true,
          cause: this.safeCause(cause),
        });
      }
      // `url` is redacted only if the line is written: at the usual levels it is not, and this runs per vendor call.
      this.logger.debug({ vendor: this.vendor, endpoint: req.endpoint, method: req.method, get url() { return redactUrl(url); }, status: res.status, ms: this.clock.now() - started }, "upstream call");
      if (res.status === 429) {
        throw this.error(req, url, { code: "UPSTREAM_RATE_LIMITED", message: `${where} is rate limiting us (HTTP 429)`, status: 429 });
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
        throw this.error(req, url, { code: "UPSTREAM_ERROR", message: `${where} answered with malformed JSON (${text.length} bytes, starting ${JSON.stringify(this.scrub(text.slice(0, 40)))})`, status: res.status, cause: this.safeCause(cause) });
      }
    } finally {
      clearTimeout(timer);
    }
  }
}
