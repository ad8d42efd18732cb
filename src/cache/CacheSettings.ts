// How long the cache keeps what, from the config's `cache` section (README, Cache). One TTL per
// vendor, since their data ages differently: an account's `online` flag is worth seconds, a
// directory profile minutes.
import { VENDORS, type Vendor } from "../errors/codes.js";
import type { CacheConfig } from "./cacheConfig.js";

export interface CacheSettings {
  /** How long an answer is fresh, per vendor; 0 = that vendor's answers are not kept at all. */
  ttlMs: Readonly<Record<Vendor, number>>;
  /** How long after expiry an answer may still be served (stale-while-revalidate, stale-if-error). */
  staleMs: number;
  /** Answers an in-memory store keeps at most. */
  maxEntries: number;
}

/** The parsed `cache` section, already checked by its schema (cacheConfig.ts): only the unit changes. */
export function cacheSettings(config: CacheConfig): CacheSettings {
  const ttlMs = {} as Record<Vendor, number>;
  for (const vendor of VENDORS) ttlMs[vendor] = config.ttlSeconds[vendor] * 1000;
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
