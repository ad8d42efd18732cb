// Per request: which vendors' answers were served past their TTL, and how old the oldest was.
// It becomes the response's `extensions.stale` (useStaleExtension.ts).
import { VENDORS, type Vendor } from "../errors/codes.js";
import type { Clock } from "../core/Clock.js";
import type { AnswerSink } from "./AnswerSink.js";
import type { CacheSettings } from "./CacheSettings.js";

/** One entry of `extensions.stale`: data of `vendor` in this response is `ageSeconds` old, past its TTL. */
export interface StaleNotice {
  vendor: Vendor;
  ageSeconds: number;
}

export class StaleReport implements AnswerSink {
  private readonly oldest = new Map<Vendor, number>();

  constructor(
    private readonly settings: CacheSettings,
    private readonly clock: Clock,
  ) {}

  saw(vendor: Vendor, fetchedAt: number): void {
    const ttl = this.settings.ttlMs[vendor];
    if (ttl === 0 || this.clock.now() - fetchedAt < ttl) return;
    const seen = this.oldest.get(vendor);
    if (seen === undefined || fetchedAt < seen) this.oldest.set(vendor, fetchedAt);
  }

  /** In the vendors' usual order; empty when everything served was fresh. */
  notices(): StaleNotice[] {
    const now = this.clock.now();
    return VENDORS.filter((v) => this.oldest.has(v)).map((vendor) => ({ vendor, ageSeconds: Math.floor((now - (this.oldest.get(vendor) as number)) / 1000) }));
  }
}
