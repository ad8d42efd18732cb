// `npm run schema`: writes the committed contract and the federation subgraph SDL.
// test/graph/schema.test.ts fails until this has been rerun after a schema change, so a
// changed contract always shows up in a diff.
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { printContract, printSubgraph } from "../src/graph/schema.js";

const SCHEMA_DIR = resolve(dirname(fileURLToPath(import.meta.url)), "../schema");

mkdirSync(SCHEMA_DIR, { recursive: true });
for (const [file, text] of [["schema.graphql", printContract()], ["subgraph.graphql", printSubgraph()]] as const) {
  const path = resolve(SCHEMA_DIR, file);
  writeFileSync(path, text);
  console.log(`wrote ${path}`);
}
