// What every resolver gets: the request's loaders, the corp mapping, who is asking, and the
// request's scope (id, logger, call options) for the serving plugins; resolvers do not need it.
import type { Principal } from "../auth/Principal.js";
import type { CorpDirectory } from "../domain/corps.js";
import type { Loaders } from "../loaders/createLoaders.js";
import type { RequestScope } from "../ops/requestScope.js";

export interface GraphContext {
  loaders: Loaders;
  corps: CorpDirectory;
  scope: RequestScope;
  /** Who the request authenticated as (src/auth/useAuthentication.ts); undefined sees the least. */
  principal: Principal | undefined;
}
