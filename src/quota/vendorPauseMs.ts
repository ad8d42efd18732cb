// How long every call to a vendor stops after the vendor itself said we are rate limited
// (yunzhenji errcode 407, directory errcode 45009, HTTP 429). Its own `Retry-After` wins; without
// one we wait long enough for its window to have moved on, so the next call is not refused again.
import type { Vendor } from "../errors/codes.js";
import type { UpstreamError } from "../vendors/http/UpstreamError.js";

/**
 * Pauses when the vendor does not say. yunzhenji's limit is 500 list pulls a minute
 * (docs/vendors/yunzhenji.md, Errors: 407), so its window is a minute: anything shorter is likely
 * refused again. WeCom's directory (45009, docs/vendors/directory.md, Errors) and the 429s of
 * shiheng and yunzhong name no window, so half a minute: long enough to stop digging deeper,
 * short enough not to turn a burst into a long outage.
 */
export const DEFAULT_PAUSE_MS: Readonly<Record<Vendor, number>> = {
  yunzhenji: 60_000,
  directory: 30_000,
  shiheng: 30_000,
  yunzhong: 30_000,
};

/** A Retry-After of 0 still pauses a second; an absurd one is capped so a typo cannot stop us for a day. */
export const MIN_PAUSE_MS = 1000;
export const MAX_PAUSE_MS = 10 * 60_000;

/**
 * The pause a rate-limited answer asks for: its Retry-After, else `pauses[vendor]` (the governor's
 * DEFAULT_PAUSE_MS with its tuning laid over them, merged once in its constructor).
 */
export function vendorPauseMs(error: UpstreamError, pauses: Readonly<Record<Vendor, number>>): number {
  if (error.retryAfterSeconds !== null) return Math.min(MAX_PAUSE_MS, Math.max(MIN_PAUSE_MS, error.retryAfterSeconds * 1000));
  return pauses[error.vendor];
}
