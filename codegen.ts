// `npm run codegen`: typed documents for the example operations, from the committed contract
// (schema/schema.graphql) rather than a running server, so generation needs no vendor and a
// schema change reaches clients only through `npm run schema`.
import type { CodegenConfig } from "@graphql-codegen/cli";

export const CLIENT_OUTPUT = "src/client/generated/";

const config: CodegenConfig = {
  schema: "schema/schema.graphql",
  documents: ["src/client/operations/*.graphql"],
  ignoreNoDocuments: false,
  generates: {
    [CLIENT_OUTPUT]: {
      preset: "client",
      presetConfig: {
        // Operations here select plain fields; masking would only add unwrapping at call sites.
        fragmentMasking: false,
        // Trusted documents: each document carries `__meta__.hash` ("sha256:<hex>"), which the
        // client sends instead of the text, and persisted-documents.json (hash -> document) is the
        // manifest a server runs them from (persistedDocuments.file).
        persistedDocuments: { mode: "embedHashInDocument", hashAlgorithm: "sha256" },
      },
      config: {
        // Every custom scalar must be mapped, so a new one fails generation instead of becoming `any`.
        strictScalars: true,
        // _Any is federation's entity representation ({ __typename, ...key fields }).
        scalars: { DateTime: "string", _Any: "Record<string, unknown>" },
        // String unions keep the generated files erasable TypeScript (no runtime enums).
        enumsAsTypes: true,
        useTypeImports: true,
        avoidOptionals: { field: true, inputValue: false, object: true, defaultValue: false },
      },
    },
  },
  // NodeNext resolution needs the `.js` suffix on the generated files' relative imports.
  emitLegacyCommonJSImports: false,
  silent: false,
};

export default config;
