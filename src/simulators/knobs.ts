// Run-time behaviour of the simulators: latency, injected faults, rate limits and the two
// vendor-specific settings. Everything here is plain data so it can travel through /__control.
import { z } from "zod";
import type { Vendor } from "../errors/codes.js";
import type { Random } from "./random.js";

export interface VendorKnobs {
  /** Added before every answer of this vendor. */
  latencyMs: number;
  /** 0..1: that share of requests get the vendor's transient error. */
  errorRate: number;
  /** Every request answers with this named fault. */
  forceError: string | null;
  /** The next N requests answer with `failWith`, then normal again. */
  failNext: number;
  failWith: string;
  /** Accept the request and never answer. */
  timeout: boolean;
  /** HTTP 200 with a truncated JSON body. */
  malformedJson: boolean;
  rateLimitPerMinute: number | null;
}

export interface YunzhenjiKnobs extends VendorKnobs {
  /** expires_in of new tokens. */
  tokenTtlSeconds: number;
}

export interface YunzhongKnobs extends VendorKnobs {
  /** The server-chosen Laravel per_page. */
  perPage: number;
}

export interface SimKnobs {
  yunzhenji: YunzhenjiKnobs;
  shiheng: VendorKnobs;
  yunzhong: YunzhongKnobs;
  directory: VendorKnobs;
}

export type KnobsPatch = { [V in Vendor]?: Partial<SimKnobs[V]> };

/** Faults every vendor can answer with: plain HTTP failures and a truncated body. */
export const HTTP_FAULTS = ["http500", "http502", "http429", "http401", "malformed"] as const;

/** Each vendor's own envelope errors, named by the code the vendor sends. */
export const ENVELOPE_FAULTS = {
  yunzhenji: ["101", "102", "103", "110", "111", "112", "113", "114", "405", "406", "407", "1001"],
  shiheng: ["1001", "1002", "1003", "1004", "500"],
  yunzhong: ["login", "noright"],
  directory: ["-1", "40003", "40014", "42001", "45009", "48002", "60011", "60111"],
} as const satisfies Record<Vendor, readonly string[]>;

export const TRANSIENT_FAULT = { yunzhenji: "1001", shiheng: "http500", yunzhong: "http500", directory: "-1" } as const satisfies Record<Vendor, string>;
export const RATE_LIMIT_FAULT = { yunzhenji: "407", shiheng: "http429", yunzhong: "http429", directory: "45009" } as const satisfies Record<Vendor, string>;

export function faultNames(vendor: Vendor): readonly string[] {
  return [...HTTP_FAULTS, ...ENVELOPE_FAULTS[vendor]];
}

function baseKnobs(vendor: Vendor): VendorKnobs {
  return {
    latencyMs: 0,
    errorRate: 0,
    forceError: null,
    failNext: 0,
    failWith: TRANSIENT_FAULT[vendor],
    timeout: false,
    malformedJson: false,
    rateLimitPerMinute: null,
  };
}

export function defaultKnobs(): SimKnobs {
  return {
    yunzhenji: { ...baseKnobs("yunzhenji"), tokenTtlSeconds: 7200 },
    shiheng: baseKnobs("shiheng"),
    yunzhong: { ...baseKnobs("yunzhong"), perPage: 15 },
    directory: baseKnobs("directory"),
  };
}

function vendorPatchSchema(vendor: Vendor) {
  const names = faultNames(vendor) as [string, ...string[]];
  const fault = z.enum(names);
  return z.strictObject({
    latencyMs: z.number().int().min(0).max(600_000).optional(),
    errorRate: z.number().min(0).max(1).optional(),
    forceError: fault.nullable().optional(),
    failNext: z.number().int().min(0).optional(),
    failWith: fault.optional(),
    timeout: z.boolean().optional(),
    malformedJson: z.boolean().optional(),
    rateLimitPerMinute: z.number().int().min(0).nullable().optional(),
    ...(vendor === "yunzhenji" ? { tokenTtlSeconds: z.number().int().min(0).optional() } : {}),
    ...(vendor === "yunzhong" ? { perPage: z.number().int().min(1).max(1000).optional() } : {}),
  });
}

const patchSchema = z.strictObject({
  yunzhenji: vendorPatchSchema("yunzhenji").optional(),
  shiheng: vendorPatchSchema("shiheng").optional(),
  yunzhong: vendorPatchSchema("yunzhong").optional(),
  directory: vendorPatchSchema("directory").optional(),
});

export class KnobsError extends Error {
  override readonly name = "KnobsError";
}

/** Validates a patch from outside (/__control, options); the message names the bad key path. */
export function parseKnobsPatch(input: unknown): KnobsPatch {
  const parsed = patchSchema.safeParse(input);
  if (parsed.success) return parsed.data as KnobsPatch;
  const issue = parsed.error.issues[0];
  const path = issue && issue.path.length > 0 ? issue.path.join(".") : "(root)";
  throw new KnobsError(`bad knobs at ${path}: ${issue?.message ?? "invalid"}`);
}

/** Deep-merges a (validated) patch over knobs; returns a new object, the inputs stay untouched. */
export function mergeKnobs(base: SimKnobs, patch: KnobsPatch): SimKnobs {
  const out = cloneKnobs(base);
  for (const vendor of Object.keys(patch) as Vendor[]) {
    const p = patch[vendor];
    if (p) Object.assign(out[vendor], dropUndefined(p));
  }
  return out;
}

export function cloneKnobs(knobs: SimKnobs): SimKnobs {
  return {
    yunzhenji: { ...knobs.yunzhenji },
    shiheng: { ...knobs.shiheng },
    yunzhong: { ...knobs.yunzhong },
    directory: { ...knobs.directory },
  };
}

function dropUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/**
 * The named fault this request answers with, or null for a normal answer. forceError wins, then a
 * pending failNext (consumed here, so knobs() shows what is left), then the error rate. The PRNG is
 * drawn only when errorRate applies, so a seeded run is reproducible.
 */
export function selectFault(knobs: VendorKnobs, vendor: Vendor, random: Random): string | null {
  if (knobs.forceError !== null) return knobs.forceError;
  if (knobs.failNext > 0) {
    knobs.failNext -= 1;
    return knobs.failWith;
  }
  if (knobs.errorRate > 0 && random.next() < knobs.errorRate) return TRANSIENT_FAULT[vendor];
  return null;
}
