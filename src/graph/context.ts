// What every resolver gets: the request's loaders, the corp mapping and who is asking.
import type { Principal } from "../auth/Principal.js";
import type { CorpDirectory } from "../domain/corps.js";
import type { Loaders } from "../loaders/createLoaders.js";

export interface GraphContext {
  loaders: Loaders;
  corps: CorpDirectory;
  /** Who the request authenticated as (src/auth/useAuthentication.ts); undefined sees the least. */
  principal: Principal | undefined;
}
