// What every resolver gets: the request's loaders and the corp mapping.
import type { CorpDirectory } from "../domain/corps.js";
import type { Loaders } from "../loaders/createLoaders.js";

export interface GraphContext {
  loaders: Loaders;
  corps: CorpDirectory;
}
