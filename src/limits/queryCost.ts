// What an operation may cost, estimated before any resolver runs and counted on the operation as
// it will execute: `first` and filters are read from literals, variables and defaults alike, so
// `customers(first: $n)` costs what `customers(first: 100)` costs. (graphql-armor's cost rule sees
// literals only: a query passing `first` through a variable went through it at any size.)
//
// The unit is "an object the response may hold, or a vendor list page read": every field that
// returns an object counts once per object it can return, a connection also counts the vendor
// pages its `first` needs (per tag of `filter.tagIds`, each tag being a separate read), and a list
// multiplies whatever is selected under it. Leaves are free: an object's scalars come with it.
import {
  getArgumentValues,
  getDirectiveValues,
  getNamedType,
  getNullableType,
  getVariableValues,
  GraphQLIncludeDirective,
  GraphQLSkipDirective,
  isCompositeType,
  isInterfaceType,
  isListType,
  isObjectType,
  Kind,
  typeFromAST,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLInterfaceType,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLSchema,
  type InlineFragmentNode,
  type NamedTypeNode,
  type OperationDefinitionNode,
  type SelectionNode,
  type SelectionSetNode,
} from "graphql";
import { DEFAULT_FIRST, MAX_FIRST } from "../domain/paging.js";

/** Distinct `filter.tagIds` one connection may ask for: each tag is a separate walk of yunzhong's list. */
export const MAX_TAG_IDS = 20;

/** Rows per vendor page behind each connection, for the pages `first` needs (docs/vendors/*.md, paging). */
const PAGE_ROWS: Record<string, number> = {
  "Query.accounts": 100,
  "Corp.accounts": 100,
  "Corp.employees": 50,
  "Corp.customers": 15,
  "Employee.customers": 15,
};
/** yunzhong's per_page is the smallest any vendor picks, so an unlisted connection is not underestimated. */
const DEFAULT_PAGE_ROWS = 15;

/** How many items a plain list (not a connection) is taken to hold. */
const LIST_SIZE: Record<string, number> = {
  "Employee.wecomAccounts": 3,
  "ExternalCustomer.tags": 5,
  "Corp.tags": 30,
};
const DEFAULT_LIST_SIZE = 10;
/** The one list whose size is the config's: the corps of corps[]. */
export const CORPS = "Query.corps";

/** The vendor pages a field with `first` reads: at least one (totalCount needs it), once per tag. */
export function connectionPages(coordinate: string, first: number, tags = 1): number {
  return tags * Math.max(1, Math.ceil(first / (PAGE_ROWS[coordinate] ?? DEFAULT_PAGE_ROWS)));
}

/** How many items the plain list at `coordinate` is taken to hold (not `Query.corps`, not a connection's edges). */
export function assumedListSize(coordinate: string): number {
  return LIST_SIZE[coordinate] ?? DEFAULT_LIST_SIZE;
}

/** A list under a connection (its `edges`) holds `first` items of the field that returned the connection. */
export function sizedByConnection(parent: { name: string }): boolean {
  return parent.name.endsWith("Connection");
}

/** A field that reads vendor pages: it takes `first`. */
export function readsPages(def: { args: readonly { name: string }[] }): boolean {
  return def.args.some((a) => a.name === "first");
}

/** Fields visited (after fragments are expanded) before the count gives up: such a query is far over any limit. */
const MAX_VISITS = 100_000;

export interface CostOptions {
  /** How many corps `Query.corps` lists (the config's corps[]). */
  corpCount: number;
  /** Counting stops once the running total passes this (the limit), so a huge query costs little to refuse. */
  stopAbove?: number;
}

/** A connection and what it costs, everything selected under it included. */
export interface CostSite {
  /** Response path without `edges`/`node`, e.g. "corps.customers.owner.customers". */
  path: string;
  first: number;
  tags: number;
  cost: number;
}

export interface CostEstimate {
  cost: number;
  /** Every connection, costliest first. */
  sites: CostSite[];
  /** The count stopped early (stopAbove or MAX_VISITS): the query costs at least `cost`. */
  partial: boolean;
}

/** A limit the query breaks that no rewrite of `first` can fix: too many tags on one connection. */
export class TagLimitExceeded extends Error {
  override readonly name = "TagLimitExceeded";
  constructor(
    readonly path: string,
    readonly count: number,
  ) {
    super(`filter.tagIds on ${path} has ${count} distinct tags; at most ${MAX_TAG_IDS} are allowed, since each tag is a separate read of yunzhong's list`);
  }
}

type FieldParent = GraphQLObjectType | GraphQLInterfaceType;

interface Walk {
  schema: GraphQLSchema;
  fragments: Map<string, FragmentDefinitionNode>;
  variables: Record<string, unknown>;
  options: CostOptions;
  sites: CostSite[];
  running: number;
  visits: number;
  partial: boolean;
}

/**
 * The cost of the operation `operationName` with these (raw, JSON) variables; null when the
 * operation or its variables are invalid, which execution reports itself before any resolver runs.
 * Throws TagLimitExceeded.
 */
export function estimateCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  rawVariables: Record<string, unknown> | null | undefined,
  options: CostOptions,
): CostEstimate | null {
  let operation: OperationDefinitionNode | null = null;
  const fragments = new Map<string, FragmentDefinitionNode>();
  let operations = 0;
  for (const def of document.definitions) {
    if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
    if (def.kind === Kind.OPERATION_DEFINITION) {
      operations++;
      if (operationName ? def.name?.value === operationName : true) operation = def;
    }
  }
  if (!operation || (!operationName && operations > 1)) return null;
  const root = operation.operation === "query" ? schema.getQueryType() : operation.operation === "mutation" ? schema.getMutationType() : schema.getSubscriptionType();
  if (!root) return null;
  // Coerced exactly as execution will coerce them: a default applies, a bad value is execution's error to report.
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], rawVariables ?? {}, { maxErrors: 1 });
  if (coerced.errors) return null;
  const walk: Walk = { schema, fragments, variables: coerced.coerced, options, sites: [], running: 0, visits: 0, partial: false };
  const cost = selectionsCost(walk, root, [operation.selectionSet], 1, null, []);
  walk.sites.sort((a, b) => b.cost - a.cost);
  return { cost, sites: walk.sites, partial: walk.partial };
}

/** Fields grouped as execution merges them: by parent type and response key, fragments expanded once per selection set. */
function collect(walk: Walk, parent: FieldParent, set: SelectionSetNode, groups: Map<string, { parent: FieldParent; nodes: FieldNode[] }>, seen: Set<string>): void {
  for (const selection of set.selections) {
    if (!included(walk, selection)) continue;
    if (selection.kind === Kind.FIELD) {
      const key = `${parent.name}.${(selection.alias ?? selection.name).value}`;
      const group = groups.get(key);
      if (group) group.nodes.push(selection);
      else groups.set(key, { parent, nodes: [selection] });
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      collect(walk, narrowed(walk, selection.typeCondition, parent), selection.selectionSet, groups, seen);
    } else {
      const name = selection.name.value;
      const fragment = walk.fragments.get(name);
      if (seen.has(name) || !fragment) continue;
      seen.add(name);
      collect(walk, narrowed(walk, fragment.typeCondition, parent), fragment.selectionSet, groups, seen);
    }
  }
}

function narrowed(walk: Walk, condition: NamedTypeNode | undefined, parent: FieldParent): FieldParent {
  if (!condition) return parent;
  const type = typeFromAST(walk.schema, condition) as GraphQLNamedType | undefined;
  return type && (isObjectType(type) || isInterfaceType(type)) ? type : parent;
}

function included(walk: Walk, node: SelectionNode | InlineFragmentNode): boolean {
  const skip = getDirectiveValues(GraphQLSkipDirective, node, walk.variables);
  if (skip?.["if"] === true) return false;
  const include = getDirectiveValues(GraphQLIncludeDirective, node, walk.variables);
  return include?.["if"] !== false;
}

function selectionsCost(walk: Walk, parent: FieldParent, sets: readonly SelectionSetNode[], multiplier: number, connectionFirst: number | null, path: readonly string[]): number {
  const groups = new Map<string, { parent: FieldParent; nodes: FieldNode[] }>();
  const seen = new Set<string>();
  for (const set of sets) collect(walk, parent, set, groups, seen);
  let total = 0;
  for (const group of groups.values()) {
    if (walk.partial) break;
    total += fieldCost(walk, group.parent, group.nodes, multiplier, connectionFirst, path);
  }
  return total;
}

function fieldCost(walk: Walk, parent: FieldParent, nodes: readonly FieldNode[], multiplier: number, connectionFirst: number | null, path: readonly string[]): number {
  if (++walk.visits > MAX_VISITS) {
    walk.partial = true;
    return 0;
  }
  const node = nodes[0] as FieldNode;
  const name = node.name.value;
  if (name.startsWith("__")) return 0;
  const def = parent.getFields()[name];
  if (!def) return 0;
  const named = getNamedType(def.type);
  if (!isCompositeType(named)) return 0;
  const coordinate = `${parent.name}.${name}`;
  const here = hiddenInPath(parent, name) ? path : [...path, (node.alias ?? node.name).value];

  let first: number | null = null;
  let tags = 1;
  let pages = 0;
  if (readsPages(def)) {
    const args = argumentsOf(def, node, walk.variables);
    first = Math.min(MAX_FIRST, Math.max(0, typeof args["first"] === "number" ? args["first"] : DEFAULT_FIRST));
    tags = tagCount(args, here.join("."));
    pages = connectionPages(coordinate, first, tags);
  }
  const items = isListType(getNullableType(def.type)) ? listSize(walk, coordinate, parent, connectionFirst) : 1;
  const objects = multiplier * items;
  let cost = objects + multiplier * pages;
  walk.running += cost;
  if (walk.options.stopAbove !== undefined && walk.running > walk.options.stopAbove * 4) walk.partial = true;
  // A list that yields nothing (`first: 0`) costs nothing below it, however deep the selection.
  if (objects > 0 && !walk.partial) {
    const sets = nodes.flatMap((n) => (n.selectionSet ? [n.selectionSet] : []));
    if (isObjectType(named) || isInterfaceType(named)) cost += selectionsCost(walk, named, sets, objects, first, here);
  }
  if (first !== null) walk.sites.push({ path: here.join("."), first, tags, cost });
  return cost;
}

/** `edges` and `node` say nothing a reader needs in "reduce `first` on corps.customers.owner.customers". */
function hiddenInPath(parent: FieldParent, name: string): boolean {
  return (name === "edges" && parent.name.endsWith("Connection")) || (name === "node" && parent.name.endsWith("Edge"));
}

function listSize(walk: Walk, coordinate: string, parent: FieldParent, connectionFirst: number | null): number {
  if (connectionFirst !== null && sizedByConnection(parent)) return connectionFirst;
  if (coordinate === CORPS) return Math.max(1, walk.options.corpCount);
  return assumedListSize(coordinate);
}

function argumentsOf(def: GraphQLField<unknown, unknown>, node: FieldNode, variables: Record<string, unknown>): Record<string, unknown> {
  try {
    return getArgumentValues(def, node, variables);
  } catch {
    // A bad argument fails this field in execution before its resolver runs: it costs no vendor call.
    return { first: 0 };
  }
}

function tagCount(args: Record<string, unknown>, path: string): number {
  const filter = args["filter"] as { tagIds?: unknown } | null | undefined;
  const ids = filter?.tagIds;
  if (!Array.isArray(ids)) return 1;
  const distinct = new Set(ids).size;
  if (distinct > MAX_TAG_IDS) throw new TagLimitExceeded(path, distinct);
  return Math.max(1, distinct);
}
