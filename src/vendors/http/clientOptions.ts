// The options every vendor client takes besides its own auth, and their one-time validation.
// A misconfigured client must fail at construction with the bad value in the message, not on the
// first query minutes later. These checks stay beside the config schema's (src/server/config.ts):
// clients are built directly too (tests, benches, other callers), with options that never pass
// through the config file, and retries, retryBaseDelayMs and random are no config keys at all.
import { showValue } from "../../core/showValue.js";
import type { Vendor } from "../../errors/codes.js";
import type { RetryPolicy } from "./retrying.js";
import type { TransportOptions } from "./transport.js";
import { MAX_RETRIES } from "./withRetry.js";

/** The Transport's own options (baseUrl, timeoutMs, headers, fetch, logger, clock) plus the retry policy. */
export interface VendorClientOptions extends Omit<TransportOptions, "vendor" | "secrets"> {
  /** Extra attempts after a transient failure, 0..2 (default 2). */
  retries?: number;
  /** First backoff delay in ms (default 100), doubled per attempt, plus up to 100% jitter. */
  retryBaseDelayMs?: number;
  /** Jitter source in [0, 1) (default Math.random). */
  random?: () => number;
}

/** What a bad secret option looked like, without its content. */
export function secretShape(value: unknown): string {
  if (value === undefined) return "undefined";
  if (value === null) return "null";
  if (typeof value === "string") return value === "" ? '""' : `a string of ${value.length} characters`;
  return `a ${typeof value}`;
}

export function isNonEmptyString(value: unknown): value is string {
  return typeof value === "string" && value.trim() !== "";
}

/** An integer in min..max, or a TypeError naming `what` and the value. */
export function checkInt(vendor: Vendor, what: string, value: unknown, min: number, max: number): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `an integer >= ${min}` : `an integer in ${min}..${max}`;
    throw new TypeError(`${vendor}: ${what} must be ${range}, got ${showValue(value)}`);
  }
  return value;
}

export interface CheckedClientOptions {
  baseUrl: string;
  retry: RetryPolicy;
}

/**
 * Every header value is scrubbed as a credential (headerSecrets), and for yunzhong and the
 * directory it is the credential, so a bad one is described by its type, never shown.
 */
export function checkHeaders(vendor: Vendor, headers: unknown): void {
  if (headers === undefined) return;
  if (headers === null || typeof headers !== "object" || Array.isArray(headers)) {
    throw new TypeError(`${vendor}: headers must be an object of strings, got ${secretShape(headers)}`);
  }
  for (const [name, value] of Object.entries(headers)) {
    if (typeof value !== "string") throw new TypeError(`${vendor}: headers[${showValue(name)}] must be a string, got ${secretShape(value)}`);
  }
}

/** Validates the shared options once; timeoutMs is checked by the Transport itself. */
export function checkClientOptions(vendor: Vendor, options: VendorClientOptions): CheckedClientOptions {
  if (options === null || typeof options !== "object") {
    throw new TypeError(`${vendor}: client options must be an object, got ${showValue(options)}`);
  }
  const { baseUrl } = options;
  let parsed: URL | null = null;
  try {
    parsed = typeof baseUrl === "string" ? new URL(baseUrl) : null;
  } catch {
    parsed = null;
  }
  if (!parsed || (parsed.protocol !== "http:" && parsed.protocol !== "https:")) {
    throw new TypeError(`${vendor}: baseUrl must be an http(s) URL, got ${showValue(baseUrl)}`);
  }
  if (parsed.username || parsed.password) {
    throw new TypeError(`${vendor}: baseUrl must not carry credentials; use the vendor's auth options`);
  }
  const retries = options.retries === undefined ? MAX_RETRIES : checkInt(vendor, "retries", options.retries, 0, MAX_RETRIES);
  const retryBaseDelayMs =
    options.retryBaseDelayMs === undefined ? undefined : checkInt(vendor, "retryBaseDelayMs", options.retryBaseDelayMs, 0, 60_000);
  if (options.random !== undefined && typeof options.random !== "function") {
    throw new TypeError(`${vendor}: random must be a function returning [0, 1), got ${showValue(options.random)}`);
  }
  checkHeaders(vendor, options.headers);
  return { baseUrl, retry: { retries, baseDelayMs: retryBaseDelayMs, random: options.random } };
}
