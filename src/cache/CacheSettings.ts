// How long the cache keeps what, from the config's `cache` section (README, Cache). One TTL per
// vendor, since their data ages differently: an account's `online` flag is worth seconds, a
// directory profile minutes.
import { VENDORS, type Vendor } from "../errors/codes.js";

export interface CacheSettings {
  /** How long an answer is fresh, per vendor; 0 = that vendor's answers are not kept at all. */
  ttlMs: Readonly<Record<Vendor, number>>;
  /** How long after expiry an answer may still be served (stale-while-revalidate, stale-if-error). */
  staleMs: number;
  /** Answers an in-memory store keeps at most. */
  maxEntries: number;
}

export interface CacheConfig {
  ttlSeconds: Readonly<Record<Vendor, number>>;
  staleSeconds: number;
  maxEntries: number;
}

export function cacheSettings(config: CacheConfig): CacheSettings {
  const ttlMs = {} as Record<Vendor, number>;
  for (const vendor of VENDORS) {
    const seconds = config.ttlSeconds[vendor];
    if (!Number.isInteger(seconds) || seconds < 0) throw new TypeError(`cache.ttlSeconds.${vendor} must be a whole number of seconds >= 0, got ${JSON.stringify(seconds)}`);
    ttlMs[vendor] = seconds * 1000;
  }
  if (!Number.isInteger(config.staleSeconds) || config.staleSeconds < 0) throw new TypeError(`cache.staleSeconds must be a whole number of seconds >= 0, got ${JSON.stringify(config.staleSeconds)}`);
  if (!Number.isInteger(config.maxEntries) || config.maxEntries < 1) throw new TypeError(`cache.maxEntries must be a positive integer, got ${JSON.stringify(config.maxEntries)}`);
  return { ttlMs, staleMs: config.staleSeconds * 1000, maxEntries: config.maxEntries };
}

export function cachesAnything(settings: CacheSettings): boolean {
  return VENDORS.some((vendor) => settings.ttlMs[vendor] > 0);
}

/**
 * fresh: served as is. stale: past its TTL but within the stale window, served at once while one
 * refresh runs, and served when the vendor fails. gone: never served again.
 */
export type Freshness = "fresh" | "stale" | "gone";

export function freshness(ageMs: number, ttlMs: number, staleMs: number): Freshness {
  if (ageMs < ttlMs) return "fresh";
  return ageMs < ttlMs + staleMs ? "stale" : "gone";
}
