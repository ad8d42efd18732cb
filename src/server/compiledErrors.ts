// graphql-jit's errors say where in the query they happened as `locations` only, without the AST
// nodes graphql-js errors carry. yoga rebuilds every error from its nodes before it answers, so
// those errors would lose their locations; here they get their nodes back, found in the document
// by position, and the answer is what the standard executor gives.
import { GraphQLError, visit, type ASTNode, type DocumentNode, type ExecutionResult, type SourceLocation } from "graphql";

/** A compiled query's result with each error rebuilt as graphql-js builds it, and in graphql-js's key order. */
export function compiledResult(result: ExecutionResult, document: DocumentNode): ExecutionResult {
  if (!result.errors) return result;
  let nodesAt: Map<string, ASTNode> | null = null;
  const errors = result.errors.map((error) => {
    if (error.nodes || !error.locations?.length) return error;
    nodesAt ??= fieldsByLocation(document);
    const nodes = error.locations.map((l) => nodesAt?.get(key(l))).filter((n): n is ASTNode => n !== undefined);
    return new GraphQLError(error.message, {
      nodes,
      path: error.path,
      ...(error.originalError ? { originalError: error.originalError } : {}),
      ...(error.extensions ? { extensions: error.extensions } : {}),
    });
  });
  // graphql-js answers `{ errors, data }`; graphql-jit `{ data, errors }`.
  const { data, errors: _, ...rest } = result;
  return { errors, data, ...rest };
}

function key(location: SourceLocation): string {
  return `${location.line}:${location.column}`;
}

function fieldsByLocation(document: DocumentNode): Map<string, ASTNode> {
  const out = new Map<string, ASTNode>();
  visit(document, {
    Field(node) {
      if (node.loc) out.set(key({ line: node.loc.startToken.line, column: node.loc.startToken.column }), node);
    },
  });
  return out;
}
