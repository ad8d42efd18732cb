// The cache of one app (README, Cache): vendor answers (VendorCache, in memory or in Redis) and
// the indexes built from them (DerivedCache, in this process). An app has none when every TTL is 0.
import type { Sources } from "../vendors/Sources.js";
import type { Observer } from "../core/Observer.js";
import { silentLogger, type Logger } from "../core/Logger.js";
import { systemClock, type Clock } from "../core/Clock.js";
import { cachedSources } from "./cachedSources.js";
import type { CacheStore } from "./CacheStore.js";
import type { CacheSettings } from "./CacheSettings.js";
import { DerivedCache } from "./DerivedCache.js";
import { StaleReport } from "./StaleReport.js";
import { VendorCache } from "./VendorCache.js";

export interface GraphCacheDeps {
  /** Shared by every replica (the composition root picks Redis); null keeps everything in this process. */
  shared?: CacheStore | null;
  clock?: Clock;
  logger?: Logger;
  observer?: Observer;
}

export class GraphCache {
  readonly answers: VendorCache;
  readonly derived: DerivedCache;
  private readonly clock: Clock;

  constructor(
    readonly settings: CacheSettings,
    deps: GraphCacheDeps = {},
  ) {
    this.clock = deps.clock ?? systemClock;
    const logger = deps.logger ?? silentLogger;
    const observer = deps.observer ?? {};
    this.answers = new VendorCache({ settings, shared: deps.shared ?? null, clock: this.clock, logger, observer });
    this.derived = new DerivedCache({ settings, clock: this.clock, logger, observer });
  }

  /** The sources every request's loaders read: cached where the vendor has a TTL. */
  wrap(sources: Sources): Sources {
    return cachedSources(sources, this.answers);
  }

  /** A fresh report for one request (what it was served past the TTL). */
  report(): StaleReport {
    return new StaleReport(this.settings, this.clock);
  }

  /** Resolves once no background refresh or rebuild runs. */
  async idle(): Promise<void> {
    // A rebuild may queue refreshes, and a refresh may end while a rebuild still runs: settle both.
    while (this.answers.busy || this.derived.busy) await Promise.all([this.answers.idle(), this.derived.idle()]);
  }
}
