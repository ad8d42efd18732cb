// graphql-jit merges fragments into their selection set after its fields, and several fragments in
// reverse order (it walks them off a stack), where graphql-js keeps the order of the query. The
// answers hold the same fields, but a client may read them in order, so only documents whose order
// both executors agree on are compiled: in every selection set, fragments (spread or inline) come
// after the fields, and several of them only when each names a different object type, so that at
// most one applies to any object.
import { isObjectType, Kind, type DocumentNode, type FragmentDefinitionNode, type GraphQLSchema, type OperationDefinitionNode, type SelectionSetNode } from "graphql";

export function keepsFieldOrder(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode): boolean {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);

  const ordered = (set: SelectionSetNode): boolean => {
    const conditions: (string | null)[] = [];
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        if (conditions.length > 0) return false;
        if (selection.selectionSet && !ordered(selection.selectionSet)) return false;
        continue;
      }
      // Validated documents have no fragment cycles, so this recursion ends.
      const fragment = selection.kind === Kind.INLINE_FRAGMENT ? selection : fragments.get(selection.name.value);
      if (!fragment || !ordered(fragment.selectionSet)) return false;
      conditions.push(fragment.typeCondition?.name.value ?? null);
    }
    if (conditions.length <= 1) return true;
    return new Set(conditions).size === conditions.length && conditions.every((name) => name !== null && isObjectType(schema.getType(name)));
  };
  return ordered(operation.selectionSet);
}
