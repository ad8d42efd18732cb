// What every resolver gets: the request's loaders, the corp mapping, who is asking, and for
// subscriptions the live layer and the request's signal; and the request's scope (id, logger,
// call options) for the serving plugins, which resolvers do not need.
import type { Principal } from "../auth/Principal.js";
import type { CorpDirectory } from "../domain/corps.js";
import type { LiveChanges } from "../live/LiveChanges.js";
import type { Loaders } from "../loaders/createLoaders.js";
import type { RequestScope } from "../core/RequestScope.js";

export interface GraphContext {
  /** Per request; a subscription gets fresh ones for each event (Subscription.ts). */
  loaders: Loaders;
  corps: CorpDirectory;
  scope: RequestScope;
  /** Who the request authenticated as (src/auth/useAuthentication.ts); undefined sees the least. */
  principal: Principal | undefined;
  /** The shared pollers behind subscriptions (src/live). */
  live: LiveChanges;
  /** Aborted when the client goes away: it ends a subscription's stream. */
  signal?: AbortSignal | undefined;
}
