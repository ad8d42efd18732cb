// `npm run schema`: writes the committed contract. test/contract/schema.test.ts fails until this
// has been rerun after a schema change, so a changed contract always shows up in a diff.
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { printContract } from "../src/graph/schema.js";

const SCHEMA_PATH = resolve(dirname(fileURLToPath(import.meta.url)), "../schema/schema.graphql");

mkdirSync(dirname(SCHEMA_PATH), { recursive: true });
writeFileSync(SCHEMA_PATH, printContract());
console.log(`wrote ${SCHEMA_PATH}`);
