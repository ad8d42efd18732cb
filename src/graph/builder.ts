// The Pothos builder: configuration only. Types live in their own files (Pothos app-layout guide).
import SchemaBuilder from "@pothos/core";
import { PII_PLUGIN } from "../auth/piiPlugin.js";
import type { GraphContext } from "./context.js";

export const builder = new SchemaBuilder<{
  Context: GraphContext;
  Scalars: {
    DateTime: { Input: Date; Output: Date };
    ID: { Input: string; Output: string };
  };
}>({
  plugins: [PII_PLUGIN],
});
