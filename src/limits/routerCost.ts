// The cost model of queryCost.ts in the words a router's demand control reads: the IBM cost
// directives `@listSize` and `@cost` (Hive Gateway, Apollo Router and Cosmo read them from the
// subgraph SDL). Derived here, field by field, from the same tables and rules the estimate uses,
// so that a router counting by these directives counts what `QUERY_TOO_COMPLEX` counts. What the
// directives cannot say is listed in README.md ("Demand control in a router").
//
// How each rule of the model is said:
// - an object counts 1 per instance: the directives' default for composite types, nothing to say;
// - a plain list holds the model's assumed size: `@listSize(assumedSize:)`;
// - a field with `first` returning a connection holds `first` edges: `@listSize(slicingArguments:
//   ["first"], sizedFields: ["edges"])`, with `first`'s default declared on the argument;
// - the vendor pages that connection reads: `@cost(weight: 1 + pages)` on the connection type, 1
//   for the object plus the pages at the largest `first` (a weight is a constant; the model's
//   pages grow with `first`, so the router's figure is the model's at `first: 100`, and above it
//   for smaller pages). On the type, not the field: Hive Gateway adds a field's weight to its
//   type's, Apollo Router and the IBM text take the field's instead, and a type's weight alone is
//   read the same way by all of them.
import { getNamedType, getNullableType, isCompositeType, isInterfaceType, isListType, isObjectType, type GraphQLField, type GraphQLSchema } from "graphql";
import { DEFAULT_FIRST, MAX_FIRST } from "../domain/paging.js";
import { assumedListSize, connectionPages, CORPS, readsPages, sizedByConnection } from "./queryCost.js";

export interface ListSizeArgs {
  assumedSize?: number;
  slicingArguments?: string[];
  sizedFields?: string[];
}

export interface RouterCost {
  /** `@listSize` per field coordinate ("Corp.customers"). */
  listSize: Map<string, ListSizeArgs>;
  /** `@cost(weight:)` per type name. */
  typeWeight: Map<string, number>;
}

/**
 * `Query.corps` holds the config's corps, which a schema printed once for every deployment cannot
 * know: routers are told the size the model takes for a list it has no figure for.
 */
export const ROUTER_ASSUMED_CORPS = assumedListSize(CORPS);

/** The directives that make a router's estimate the model's, for every field of `schema`. Throws when the schema says something they cannot carry. */
export function routerCost(schema: GraphQLSchema): RouterCost {
  const listSize = new Map<string, ListSizeArgs>();
  const typeWeight = new Map<string, number>();
  const weighedBy = new Map<string, string>();
  for (const parent of Object.values(schema.getTypeMap())) {
    if (parent.name.startsWith("__") || !(isObjectType(parent) || isInterfaceType(parent))) continue;
    for (const def of Object.values(parent.getFields()) as GraphQLField<unknown, unknown>[]) {
      const named = getNamedType(def.type);
      if (!isCompositeType(named)) continue;
      const coordinate = `${parent.name}.${def.name}`;
      const isList = isListType(getNullableType(def.type));
      if (readsPages(def) && !isList) {
        const first = def.args.find((a) => a.name === "first");
        // Without `first` a router sizes the list by the argument's default: it must be the model's.
        if (first?.defaultValue !== DEFAULT_FIRST) throw new Error(`${coordinate}(first:) must declare the default ${DEFAULT_FIRST} the cost model assumes`);
        const sized = isObjectType(named) && sizedByConnection(named) ? Object.values(named.getFields()).filter((f) => isListType(getNullableType(f.type))).map((f) => f.name) : [];
        listSize.set(coordinate, sized.length > 0 ? { slicingArguments: ["first"], sizedFields: sized } : { slicingArguments: ["first"] });
        const weight = 1 + connectionPages(coordinate, MAX_FIRST);
        const earlier = typeWeight.get(named.name);
        if (earlier !== undefined && earlier !== weight) {
          throw new Error(`${named.name} reads ${earlier - 1} pages from ${weighedBy.get(named.name)} but ${weight - 1} from ${coordinate}: a type carries one @cost`);
        }
        typeWeight.set(named.name, weight);
        weighedBy.set(named.name, coordinate);
      } else if (isList && !sizedByConnection(parent)) {
        listSize.set(coordinate, { assumedSize: coordinate === CORPS ? ROUTER_ASSUMED_CORPS : assumedListSize(coordinate) });
      }
    }
  }
  // A weighed type is priced as a page read wherever it is returned: only the connections may return it.
  for (const parent of Object.values(schema.getTypeMap())) {
    if (parent.name.startsWith("__") || !(isObjectType(parent) || isInterfaceType(parent))) continue;
    for (const def of Object.values(parent.getFields()) as GraphQLField<unknown, unknown>[]) {
      const coordinate = `${parent.name}.${def.name}`;
      const named = getNamedType(def.type).name;
      if (typeWeight.has(named) && !(readsPages(def) && listSize.get(coordinate)?.slicingArguments)) {
        throw new Error(`${coordinate} returns ${named}, which costs the pages of ${weighedBy.get(named)}, without reading them`);
      }
    }
  }
  return { listSize, typeWeight };
}
