// Trusted documents: the operations `npm run codegen` wrote into its manifest
// (src/client/generated/persisted-documents.json, `{ "sha256:<hex>": "<document>" }`, the codegen
// client preset's `persistedDocuments` format) run by hash, sent as
// `extensions.persistedQuery.sha256Hash` (hex) or `documentId` ("sha256:<hex>"). With
// `persistedDocuments.only` nothing else runs. The manifest is checked once at start: each key
// must be the SHA-256 of its document and each document valid against this server's schema, so a
// manifest built for another schema stops the start instead of failing requests later.
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { usePersistedOperations } from "@graphql-yoga/plugin-persisted-operations";
import { parse, validate, type GraphQLSchema } from "graphql";
import { createGraphQLError, type Plugin } from "graphql-yoga";
import type { RequestErrorCode } from "../errors/codes.js";
import { ConfigError } from "../core/ConfigError.js";

/** The manifest codegen writes beside the typed client; the simulators' graph serves it. */
export const BUNDLED_MANIFEST = fileURLToPath(new URL("../client/generated/persisted-documents.json", import.meta.url));

/** The manifest codegen writes next to the typed client, if this checkout has one. */
export function bundledManifest(): string | null {
  return existsSync(BUNDLED_MANIFEST) ? BUNDLED_MANIFEST : null;
}

const HEX = /^[0-9a-f]{64}$/;

/** `sha256:<hex>` or `<hex>` → lowercase hex; null when it is not a SHA-256 id. */
export function documentHash(id: unknown): string | null {
  if (typeof id !== "string") return null;
  const hex = (id.startsWith("sha256:") ? id.slice("sha256:".length) : id).toLowerCase();
  return HEX.test(hex) ? hex : null;
}

function fail(file: string, message: string): never {
  throw new ConfigError(`persistedDocuments.file ${file}: ${message}`);
}

/** Reads and checks a manifest: hash (hex) → document. */
export function loadManifest(file: string, schema: GraphQLSchema): Map<string, string> {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    fail(file, code ? `cannot read it: ${code}` : "is not valid JSON (run `npm run codegen` to write it)");
  }
  if (typeof json !== "object" || json === null || Array.isArray(json)) fail(file, 'must be an object of "sha256:<hex>": "<document>"');
  const documents = new Map<string, string>();
  for (const [id, document] of Object.entries(json)) {
    const hash = documentHash(id);
    if (!hash) fail(file, `${JSON.stringify(id)} is not a SHA-256 document id ("sha256:<64 hex digits>")`);
    if (typeof document !== "string") fail(file, `${id}: the document must be a string`);
    if (createHash("sha256").update(document, "utf8").digest("hex") !== hash) fail(file, `${id}: is not the SHA-256 of its document`);
    let errors: readonly Error[];
    try {
      errors = validate(schema, parse(document));
    } catch (error) {
      errors = [error as Error];
    }
    if (errors.length > 0) fail(file, `${id}: does not validate against this server's schema: ${errors[0]?.message}`);
    documents.set(hash, document);
  }
  return documents;
}

/** Yoga's `extraParamNames`: `documentId` is a request parameter of the GraphQL-over-HTTP persisted documents appendix. */
export const PERSISTED_PARAM_NAMES = ["documentId"];

/**
 * The yoga plugin. `documents` may be empty (no manifest): a hash then answers
 * PERSISTED_QUERY_NOT_FOUND, which tells the typed client to send the document's text instead.
 */
export function useTrustedDocuments(documents: ReadonlyMap<string, string>, only: boolean): Plugin {
  const refusal = (code: RequestErrorCode, message: string, status?: number) => createGraphQLError(message, { extensions: { code, ...(status ? { http: { status } } : {}) } });
  const notFound = (message: string) => refusal("PERSISTED_QUERY_NOT_FOUND", message);
  return usePersistedOperations({
    allowArbitraryOperations: !only,
    extractPersistedOperationId: (params) => {
      const extensions = params.extensions as { persistedQuery?: { sha256Hash?: unknown } } | undefined;
      const id = extensions?.persistedQuery?.sha256Hash ?? (params as { documentId?: unknown }).documentId;
      // A malformed id is still an id: it is looked up (and not found) rather than ignored.
      return id === undefined || id === null ? null : String(id);
    },
    getPersistedOperation: (id) => {
      const hash = documentHash(id);
      return (hash && documents.get(hash)) ?? null;
    },
    customErrors: {
      notFound: () => notFound(only ? "This server runs only its trusted documents, and this hash is not one of them." : "No document with this hash: send the query text instead."),
      keyNotFound: () =>
        only
          ? notFound("This server runs only its trusted documents: send a document's hash in extensions.persistedQuery.sha256Hash or documentId.")
          : refusal("BAD_REQUEST", "Must provide a query string or a persisted document id.", 400),
      persistedQueryOnly: () =>
        refusal("PERSISTED_QUERY_ONLY", "This server runs only its trusted documents (persistedDocuments.only): send a document's hash in extensions.persistedQuery.sha256Hash or documentId, not a query text."),
    },
  });
}
