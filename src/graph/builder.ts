// The Pothos builder: configuration only. Types live in their own files (Pothos app-layout guide);
// federation keys live in federation.ts.
import SchemaBuilder from "@pothos/core";
import DirectivesPlugin from "@pothos/plugin-directives";
import FederationPlugin from "@pothos/plugin-federation";
import { PII_PLUGIN } from "../auth/piiPlugin.js";
import type { GraphContext } from "./context.js";

export const builder = new SchemaBuilder<{
  Context: GraphContext;
  Scalars: {
    DateTime: { Input: Date; Output: Date };
    ID: { Input: string; Output: string };
  };
}>({
  // Masking first; federation needs the directives plugin to carry @key onto the types.
  plugins: [PII_PLUGIN, DirectivesPlugin, FederationPlugin],
});
