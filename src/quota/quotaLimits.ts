// A parsed `vendors` section turned into the governor's limits, one vendor at a time.
// The defaults are applied here, not by the schema (quotaConfig.ts): a vendor's section is handed
// to its client as the file wrote it, and "absent" timeoutMs must stay the client's own default.
import type { Vendor } from "../errors/codes.js";
import { VENDORS } from "../errors/codes.js";
import { DEFAULT_TIMEOUT_MS } from "../vendors/http/transport.js";
import { DEFAULT_PER_MINUTE, type VendorQuotaConfig } from "./quotaConfig.js";

export interface VendorQuota {
  /** Calls in any minute across the replicas sharing `redis`; null = no quota. */
  perMinute: number | null;
  /** Calls in flight at once from this replica; null = no limit. */
  concurrency: number | null;
  /** The vendor's per-call timeout: how long a call in flight may keep its slot. */
  timeoutMs: number;
}

/** Every configured vendor gets limits (at least its pause); a vendor that is off gets none. */
export function quotaLimits(vendors: Partial<Record<Vendor, VendorQuotaConfig | undefined>>): Partial<Record<Vendor, VendorQuota>> {
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
