// Repeated queries run as JavaScript compiled for them (graphql-jit) instead of being walked field by
// field on every request: a list of 50 customers is hundreds of resolver calls, and the generic
// executor's bookkeeping around each one cost more CPU than our resolvers themselves (README,
// Benchmark). Only what the compiled path does exactly as graphql-js does is sent down it; the rest
// takes yoga's own executor, unchanged:
// - a document is compiled on its second run, so one-off queries never pay for a compilation;
// - a request whose variables graphql-js rejects runs the standard way, so its errors keep
//   graphql-js's wording (graphql-jit words variable errors its own way);
// - only queries are compiled (the schema has no mutations or subscriptions), and only those whose
//   fields both executors put in the same order (keepsFieldOrder.ts);
// - a document the compiler refuses runs the standard way from then on.
import { getOperationAST, getVariableValues, type DocumentNode, type ExecutionResult, type GraphQLSchema, type OperationDefinitionNode } from "graphql";
import { compileQuery, isCompiledQuery, type CompiledQuery } from "graphql-jit";
import type { Plugin } from "graphql-yoga";
import { silentLogger, type Logger } from "../core/Logger.js";
import { compiledResult } from "./compiledErrors.js";
import { keepsFieldOrder } from "./keepsFieldOrder.js";

export interface CompiledQueriesOptions {
  /** Runs of an operation before it is compiled (default 2: compiled on its second run). */
  compileOnRun?: number;
  /**
   * Compiled operations kept at most (default 100), the least recently run dropped first: each is
   * generated code, and yoga's parse cache alone can hold a thousand documents.
   */
  maxCompiled?: number;
  /** Told of each compilation (debug) and of each document the compiler refuses (warn). */
  logger?: Logger;
}

/** Per operation of a document: runs so far, then the compiled query or `false` when it cannot be. */
interface Entry {
  runs: number;
  compiled: CompiledQuery | false | null;
}

export function useCompiledQueries(options: CompiledQueriesOptions = {}): Plugin {
  const compileOnRun = options.compileOnRun ?? 2;
  const maxCompiled = options.maxCompiled ?? 100;
  const logger = options.logger ?? silentLogger;
  if (!Number.isInteger(compileOnRun) || compileOnRun < 1) {
    throw new TypeError(`useCompiledQueries: compileOnRun must be a positive integer, got ${JSON.stringify(options.compileOnRun)}`);
  }
  if (!Number.isInteger(maxCompiled) || maxCompiled < 1) {
    throw new TypeError(`useCompiledQueries: maxCompiled must be a positive integer, got ${JSON.stringify(options.maxCompiled)}`);
  }
  // Entries holding a compiled query, least recently run first (a Map keeps insertion order).
  const recent = new Map<Entry, true>();
  // Keyed by the parsed document: yoga caches parsing, so a repeated query string is the same
  // object, and a document yoga's cache drops takes its compiled operations with it.
  const byDocument = new WeakMap<DocumentNode, Map<string, Entry>>();

  const compiledFor = (schema: GraphQLSchema, document: DocumentNode, operationName: string | null | undefined, operation: OperationDefinitionNode): CompiledQuery | null => {
    let entries = byDocument.get(document);
    if (!entries) byDocument.set(document, (entries = new Map()));
    const key = operationName ?? "";
    let entry = entries.get(key);
    if (!entry) entries.set(key, (entry = { runs: 0, compiled: null }));
    if (entry.compiled) {
      recent.delete(entry);
      recent.set(entry, true);
      return entry.compiled;
    }
    if (entry.compiled === false || ++entry.runs < compileOnRun) return null;
    const name = operation.name?.value ?? null;
    if (!keepsFieldOrder(schema, document, operation)) {
      entry.compiled = false;
      return null;
    }
    const result = compileQuery(schema, document, name ?? undefined);
    if (isCompiledQuery(result)) {
      entry.compiled = result;
      recent.set(entry, true);
      if (recent.size > maxCompiled) {
        // Dropped, not refused: it is compiled again should it come back often enough.
        const oldest = recent.keys().next().value as Entry;
        recent.delete(oldest);
        oldest.runs = 0;
        oldest.compiled = null;
      }
      logger.debug({ operation: name }, "graphql operation compiled");
      return result;
    }
    entry.compiled = false;
    logger.warn({ operation: name, error: result.errors?.[0]?.message ?? null }, "graphql operation could not be compiled; it runs uncompiled");
    return null;
  };

  return {
    onExecute({ args, setExecuteFn }) {
      const operation = getOperationAST(args.document, args.operationName);
      if (!operation || operation.operation !== "query") return;
      const compiled = compiledFor(args.schema, args.document, args.operationName, operation);
      if (!compiled) return;
      // Checked only where the compiled path would run: graphql-js coerces them again anyway.
      const variables = (args.variableValues ?? {}) as Record<string, unknown>;
      if (operation.variableDefinitions?.length && getVariableValues(args.schema, operation.variableDefinitions, variables).errors) return;
      setExecuteFn(() => {
        const result = compiled.query(args.rootValue, args.contextValue, variables);
        return result instanceof Promise ? result.then((r) => compiledResult(r, args.document)) : compiledResult(result, args.document);
      });
    },
  };
}

