// Both committed SDLs carry the IBM cost directives with the values of the cost model behind
// QUERY_TOO_COMPLEX: every expected value below is computed from src/limits/queryCost.ts (its
// tables and rules), never written here, and read back from the printed files.
import { readFileSync } from "node:fs";
import {
  getNamedType,
  getNullableType,
  isCompositeType,
  isInterfaceType,
  isListType,
  isObjectType,
  Kind,
  parse,
  valueFromASTUntyped,
  type ConstDirectiveNode,
  type GraphQLField,
} from "graphql";
import { describe, expect, it } from "vitest";
import { DEFAULT_FIRST, MAX_FIRST } from "../../src/domain/paging.js";
import { schema } from "../../src/graph/schema.js";
import { assumedListSize, connectionPages, CORPS } from "../../src/limits/queryCost.js";

const FILES = {
  "schema/schema.graphql": readFileSync(new URL("../../schema/schema.graphql", import.meta.url), "utf8"),
  "schema/subgraph.graphql": readFileSync(new URL("../../schema/subgraph.graphql", import.meta.url), "utf8"),
};

type Applied = Record<string, Record<string, unknown>>;

/** What an SDL applies: "Type" and "Type.field" → { directive: args }, cost directives only. */
function appliedCost(sdl: string): Map<string, Applied> {
  const out = new Map<string, Applied>();
  const collect = (at: string, directives: readonly ConstDirectiveNode[] | undefined) => {
    const cost = (directives ?? []).filter((d) => d.name.value === "cost" || d.name.value === "listSize");
    if (cost.length === 0) return;
    out.set(at, Object.fromEntries(cost.map((d) => [d.name.value, Object.fromEntries((d.arguments ?? []).map((a) => [a.name.value, valueFromASTUntyped(a.value)]))])));
  };
  for (const def of parse(sdl).definitions) {
    if (def.kind !== Kind.OBJECT_TYPE_DEFINITION && def.kind !== Kind.INTERFACE_TYPE_DEFINITION && def.kind !== Kind.OBJECT_TYPE_EXTENSION) continue;
    collect(def.name.value, def.directives);
    for (const field of def.fields ?? []) collect(`${def.name.value}.${field.name.value}`, field.directives);
  }
  return out;
}

/** The same, from the cost model: what queryCost.ts counts for each field of the served schema. */
function expectedCost(): Map<string, Applied> {
  const out = new Map<string, Applied>();
  for (const type of Object.values(schema.getTypeMap())) {
    if (type.name.startsWith("__") || !(isObjectType(type) || isInterfaceType(type))) continue;
    for (const field of Object.values(type.getFields()) as GraphQLField<unknown, unknown>[]) {
      const coordinate = `${type.name}.${field.name}`;
      const named = getNamedType(field.type);
      if (!isCompositeType(named)) continue;
      const list = isListType(getNullableType(field.type));
      if (field.args.some((a) => a.name === "first") && !list) {
        // A connection: `first` edges, and 1 object plus the pages `first: 100` reads.
        out.set(coordinate, { listSize: { slicingArguments: ["first"], sizedFields: ["edges"] } });
        out.set(named.name, { cost: { weight: 1 + connectionPages(coordinate, MAX_FIRST) } });
      } else if (list && !type.name.endsWith("Connection")) {
        out.set(coordinate, { listSize: { assumedSize: assumedListSize(coordinate) } });
      }
    }
  }
  return out;
}

describe.each(Object.keys(FILES) as (keyof typeof FILES)[])("%s", (file) => {
  const sdl = FILES[file];

  it("carries @listSize and @cost on exactly the fields and types the cost model prices, with its values", () => {
    const applied = appliedCost(sdl);
    // Federation's _entities is no field of the graph: the subgraph SDL leaves it out, and the
    // public one prints it as federation adds it, after the graph (and its directives) is built.
    const expected = expectedCost();
    expected.delete("Query._entities");
    expect(Object.fromEntries([...applied].sort())).toEqual(Object.fromEntries([...expected].sort()));
  });

  it("says what the model makes of the lists it knows and of the corps", () => {
    const applied = appliedCost(sdl);
    expect(applied.get("Corp.tags")).toEqual({ listSize: { assumedSize: assumedListSize("Corp.tags") } });
    expect(applied.get("Employee.wecomAccounts")).toEqual({ listSize: { assumedSize: assumedListSize("Employee.wecomAccounts") } });
    // The config's corps are unknown to a printed schema: the model's size for a list it has no figure for.
    expect(applied.get(CORPS)).toEqual({ listSize: { assumedSize: assumedListSize("No.suchList") } });
    expect(applied.get("ExternalCustomerConnection")).toEqual({ cost: { weight: 1 + connectionPages("Corp.customers", MAX_FIRST) } });
    expect(applied.get("WeComAccountConnection")).toEqual({ cost: { weight: 1 + connectionPages("Query.accounts", MAX_FIRST) } });
    // Scalar lists are free in the model, so nothing is said of them.
    expect(applied.has("Employee.departmentIds")).toBe(false);
  });

  it("declares the default of `first` the model assumes on every connection, so a router sizes an omitted `first` as we do", () => {
    const defaults = [...sdl.matchAll(/^ {2}(\w+)\(([^)]*)\): \w+Connection\b/gm)].map((m) => [m[1], /\bfirst: Int( = (\d+))?/.exec(m[2] as string)?.[2]]);
    expect(defaults.length).toBe(7);
    expect(defaults.filter(([, d]) => d !== String(DEFAULT_FIRST))).toEqual([]);
  });
});

describe("schema/subgraph.graphql", () => {
  it("imports @cost and @listSize from Federation v2.9, which brought them into federation", () => {
    expect(FILES["schema/subgraph.graphql"]).toMatch(/^extend schema\s+@link\(url: "https:\/\/specs\.apollo\.dev\/federation\/v2\.9", import: \["@cost", "@key", "@listSize"\]\)/);
  });
});

describe("schema/schema.graphql", () => {
  it("declares the two directives as Federation v2.9 does, for readers of the public SDL", () => {
    const sdl = FILES["schema/schema.graphql"];
    expect(sdl).toContain("directive @cost(weight: Int!) on ARGUMENT_DEFINITION | ENUM | FIELD_DEFINITION | INPUT_FIELD_DEFINITION | OBJECT | SCALAR\n");
    expect(sdl).toContain("directive @listSize(assumedSize: Int, requireOneSlicingArgument: Boolean = true, sizedFields: [String!], slicingArguments: [String!]) on FIELD_DEFINITION\n");
  });
});
