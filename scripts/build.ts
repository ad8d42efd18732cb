// `npm run build`: compiles the server to dist/ (see buildDist.ts) and prints what each file
// weighs; `npm run serve` runs it.
import { bundleSizes, buildDist } from "./buildDist.js";

const out = buildDist();
console.log(`built ${out}`);
for (const { file, bytes } of bundleSizes(out)) console.log(`  ${(bytes / 1024).toFixed(0).padStart(6)} KiB  ${file}`);
