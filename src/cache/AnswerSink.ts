// What the cache tells whoever asked about the answers it served: when each was fetched. A
// request turns that into `extensions.stale`; an index being built records it, so the index
// knows how old its oldest input is and when it expires.
import type { Vendor } from "../errors/codes.js";
import type { CallOptions } from "../core/CallOptions.js";

export interface AnswerSink {
  /** An answer of `vendor`, fetched at `fetchedAt` (epoch ms), went into what is being answered or built. */
  saw(vendor: Vendor, fetchedAt: number): void;
  /** A best-effort read of `vendor` failed: what is being built lacks it and must not be kept. */
  missed?(vendor: Vendor): void;
}

/** Call options as the cache reads them: the request's own, plus where to report. */
export interface CachedCall extends CallOptions {
  sink?: AnswerSink | undefined;
  /**
   * Wait for a refresh instead of taking a stale answer at once (stale still wins if the vendor
   * fails). Background rebuilds set it: nobody is waiting for them, so they may as well be fresh.
   */
  preferFresh?: boolean | undefined;
}
