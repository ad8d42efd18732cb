// The quota keys of each `vendors.<vendor>` section of the config file (README, Configuration):
// `quota.perMinute` and `concurrency`, and what a vendor gets when they are left out.
// src/server/config.ts puts these keys into every vendor's section beside the client's own keys;
// quotaLimits.ts turns a parsed section into the governor's limits.
import { z } from "zod";
import type { Vendor } from "../errors/codes.js";

/**
 * yunzhenji documents about 500 list pulls a minute per user (docs/vendors/yunzhenji.md, Errors:
 * 407); the other vendors name no number, so they have no quota unless one is configured.
 */
export const DEFAULT_PER_MINUTE: Readonly<Partial<Record<Vendor, number>>> = { yunzhenji: 500 };

export const quotaKeys = {
  /** Calls a minute across every replica sharing `redis`; absent: DEFAULT_PER_MINUTE, else none. */
  quota: z.strictObject({ perMinute: z.number().int().min(1).max(1_000_000) }).optional(),
  /** Calls in flight at once from this replica; absent: no limit. */
  concurrency: z.number().int().min(1).max(1000).optional(),
};

/**
 * What the quota reads of a parsed vendor section: its own keys, and the client's `timeoutMs`
 * (how long a call in flight may hold its place).
 */
export interface VendorQuotaConfig {
  quota?: { perMinute: number } | undefined;
  concurrency?: number | undefined;
  timeoutMs?: number | undefined;
}
