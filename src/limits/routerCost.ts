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
//   for the object plus the pages at the largest `first` (a weight is a constant while the
//   model's pages grow with `first`: the router's figure is the model's for a `first` that reads
//   as many pages as `first: 100`, and above it for smaller ones, never below). On the type, not
//   the field: Hive Gateway adds a field's weight to its type's, Apollo Router takes the field's
//   instead, and a type's weight alone is read the same way by both.
import {
  getNamedType,
  getNullableType,
  isCompositeType,
  isInterfaceType,
  isListType,
  isObjectType,
  type GraphQLField,
  type GraphQLInterfaceType,
  type GraphQLObjectType,
  type GraphQLSchema,
} from "graphql";
import { DEFAULT_FIRST, MAX_FIRST } from "../domain/paging.js";
import { assumedListSize, connectionPages, readsPages, sizedByConnection } from "./queryCost.js";

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

interface FieldAt {
  coordinate: string;
  parent: GraphQLObjectType | GraphQLInterfaceType;
  def: GraphQLField<unknown, unknown>;
}

function fieldsOf(schema: GraphQLSchema): FieldAt[] {
  return Object.values(schema.getTypeMap()).flatMap((parent) =>
    parent.name.startsWith("__") || !(isObjectType(parent) || isInterfaceType(parent))
      ? []
      : (Object.values(parent.getFields()) as GraphQLField<unknown, unknown>[]).map((def) => ({ coordinate: `${parent.name}.${def.name}`, parent, def })),
  );
}

/** The directives that make a router's estimate the model's, for every field of `schema`. Throws when the schema says something they cannot carry. */
export function routerCost(schema: GraphQLSchema): RouterCost {
  const listSize = new Map<string, ListSizeArgs>();
  const typeWeight = new Map<string, number>();
  const weighedBy = new Map<string, string>();
  const fields = fieldsOf(schema);
  for (const { coordinate, parent, def } of fields) {
    const named = getNamedType(def.type);
    if (!isCompositeType(named)) continue;
    const isList = isListType(getNullableType(def.type));
    if (readsPages(def) && !isList) {
      // The model sizes the lists of a connection type by `first`; any other object read by pages
      // would need a size the directives cannot give.
      if (!(isObjectType(named) && sizedByConnection(named))) throw new Error(`${coordinate} takes \`first\` but returns ${named.name}, not a connection type`);
      // Without `first` a router sizes the list by the argument's default: it must be the model's.
      const first = def.args.find((a) => a.name === "first");
      if (first?.defaultValue !== DEFAULT_FIRST) throw new Error(`${coordinate}(first:) must declare the default ${DEFAULT_FIRST} the cost model assumes`);
      const sizedFields = Object.values(named.getFields())
        .filter((f) => isListType(getNullableType(f.type)))
        .map((f) => f.name);
      listSize.set(coordinate, { slicingArguments: ["first"], sizedFields });
      const weight = 1 + connectionPages(coordinate, MAX_FIRST);
      const earlier = typeWeight.get(named.name);
      if (earlier !== undefined && earlier !== weight) {
        throw new Error(`${named.name} reads ${earlier - 1} pages from ${weighedBy.get(named.name)} but ${weight - 1} from ${coordinate}: a type carries one @cost`);
      }
      typeWeight.set(named.name, weight);
      weighedBy.set(named.name, coordinate);
    } else if (isList && !sizedByConnection(parent)) {
      // `Query.corps` holds the config's corps, which a schema printed once for every deployment
      // cannot know: it gets the size the model takes for a list it has no figure for.
      listSize.set(coordinate, { assumedSize: assumedListSize(coordinate) });
    }
  }
  // A weighed type is priced as a page read wherever it is returned: only its connections may return it.
  for (const { coordinate, def } of fields) {
    const named = getNamedType(def.type).name;
    if (typeWeight.has(named) && !listSize.get(coordinate)?.slicingArguments) {
      throw new Error(`${coordinate} returns ${named}, which costs the pages of ${weighedBy.get(named)}, without reading them`);
    }
  }
  return { listSize, typeWeight };
}
