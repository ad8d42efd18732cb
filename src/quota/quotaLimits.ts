// The config's `vendors.<vendor>.quota.perMinute` and `concurrency`, with the defaults they have
// when left out.
import type { Vendor } from "../errors/codes.js";
import { VENDORS } from "../errors/codes.js";
import { DEFAULT_TIMEOUT_MS } from "../vendors/http/transport.js";

export interface VendorQuota {
  /** Calls in any minute across the replicas sharing `redis`; null = no quota. */
  perMinute: number | null;
  /** Calls in flight at once from this replica; null = no limit. */
  concurrency: number | null;
  /** The vendor's per-call timeout: how long a call in flight may keep its slot. */
  timeoutMs: number;
}

/**
 * yunzhenji documents about 500 list pulls a minute per user (docs/vendors/yunzhenji.md, Errors:
 * 407); the other vendors name no number, so they have no quota unless one is configured.
 */
export const DEFAULT_PER_MINUTE: Readonly<Partial<Record<Vendor, number>>> = { yunzhenji: 500 };

export interface VendorSettings {
  quota?: { perMinute: number } | undefined;
  concurrency?: number | undefined;
  timeoutMs?: number | undefined;
}

/** Every configured vendor gets limits (at least its pause); a vendor that is off gets none. */
export function quotaLimits(vendors: Partial<Record<Vendor, VendorSettings | undefined>>): Partial<Record<Vendor, VendorQuota>> {
  const out: Partial<Record<Vendor, VendorQuota>> = {};
  for (const vendor of VENDORS) {
    const settings = vendors[vendor];
    if (!settings) continue;
    out[vendor] = {
      perMinute: settings.quota?.perMinute ?? DEFAULT_PER_MINUTE[vendor] ?? null,
      concurrency: settings.concurrency ?? null,
      timeoutMs: settings.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    };
  }
  return out;
}
