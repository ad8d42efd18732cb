// What every resolver gets: the request's loaders, the corp mapping, and where soft errors go.
import type { GraphQLResolveInfo } from "graphql";
import type { CorpDirectory } from "../domain/corps.js";
import type { Loaders } from "../loaders/createLoaders.js";

export interface GraphContext {
  loaders: Loaders;
  corps: CorpDirectory;
  /**
   * Errors of fields that answered with a fallback ([] or an empty connection) because the schema
   * makes them non-null: the boundary adds them to the response's `errors`.
   */
  softErrors: SoftError[];
}

export interface SoftError {
  error: unknown;
  path: readonly (string | number)[];
}

export function pathOf(info: GraphQLResolveInfo): (string | number)[] {
  const path: (string | number)[] = [];
  for (let p: GraphQLResolveInfo["path"] | undefined = info.path; p; p = p.prev) path.unshift(p.key);
  return path;
}
