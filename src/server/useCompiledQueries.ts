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
// Kept rather than @envelop/graphql-jit 11.2.1, which caches a compiled query by document alone:
// in a document of several operations, every one runs the first one's code (test/server/
// compiledQueries.test.ts, "each operation of a document is compiled for itself", got `One`'s data
// for `Two`). It also keeps every document compiled for as long as yoga's parse cache does, with
// no bound, answers a document the compiler refuses with the compiler's errors, and leaves errors
// without their AST nodes. With all of our checks in its `enableIf` and ours after it, it still
// failed 2 of that file's 10 tests. It did not run cheaper: `BENCH_REQUESTS=400 BENCH_WARMUP=1500
// BENCH_ROUNDS=2 npm run bench:cpu`, ratio to the floor S1/S2/S3, ours 1.56/2.58/1.76 and
// 2.15/2.04/1.84, the envelop plugin 2.07/2.07/1.80 and 1.65/2.56/2.01 (the same within the noise
// of a shared machine). The compiled queries themselves sit in an lru-cache (`max`): marking one
// run costs 41 ns there against 54 ns for the Map re-insertion it replaced (5 million, Node 20).
import { getOperationAST, getVariableValues, type DocumentNode, type ExecutionResult, type GraphQLSchema, type OperationDefinitionNode } from "graphql";
import { compileQuery, isCompiledQuery, type CompiledQuery } from "graphql-jit";
import type { Plugin } from "graphql-yoga";
import { LRUCache } from "lru-cache";
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

/** Per operation of a document: runs so far, and whether the compiler refused it. */
interface Entry {
  runs: number;
  refused: boolean;
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
  // The compiled queries by entry, least recently run dropped first; a dropped entry counts its
  // runs afresh, so it is compiled again should it come back often enough.
  const compiled = new LRUCache<Entry, CompiledQuery>({
    max: maxCompiled,
    dispose: (_query, entry, reason) => {
      if (reason === "evict") entry.runs = 0;
    },
  });
  // Keyed by the parsed document: yoga caches parsing, so a repeated query string is the same
  // object, and a document yoga's cache drops takes its compiled operations with it.
  const byDocument = new WeakMap<DocumentNode, Map<string, Entry>>();

  const compiledFor = (schema: GraphQLSchema, document: DocumentNode, operationName: string | null | undefined, operation: OperationDefinitionNode): CompiledQuery | null => {
    let entries = byDocument.get(document);
    if (!entries) byDocument.set(document, (entries = new Map()));
    const key = operationName ?? "";
    let entry = entries.get(key);
    if (!entry) entries.set(key, (entry = { runs: 0, refused: false }));
    const hit = compiled.get(entry);
    if (hit) return hit;
    if (entry.refused || ++entry.runs < compileOnRun) return null;
    const name = operation.name?.value ?? null;
    if (!keepsFieldOrder(schema, document, operation)) {
      entry.refused = true;
      return null;
    }
    const result = compileQuery(schema, document, name ?? undefined);
    if (isCompiledQuery(result)) {
      compiled.set(entry, result);
      logger.debug({ operation: name }, "graphql operation compiled");
      return result;
    }
    entry.refused = true;
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

