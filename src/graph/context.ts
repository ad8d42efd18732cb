// What every resolver gets: the request's loaders and the corp mapping, and for subscriptions the
// live layer and the request's signal.
import type { CorpDirectory } from "../domain/corps.js";
import type { Loaders } from "../loaders/createLoaders.js";
import type { LiveChanges } from "../live/LiveChanges.js";

export interface GraphContext {
  /** Per request; a subscription gets fresh ones for each event (Subscription.ts). */
  loaders: Loaders;
  corps: CorpDirectory;
  /** The shared pollers behind subscriptions (src/live). */
  live: LiveChanges;
  /** Aborted when the client goes away: it ends a subscription's stream. */
  signal?: AbortSignal | undefined;
}
