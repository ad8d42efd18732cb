// `npm run build`: compiles the server to dist/ (see buildDist.ts); `npm run serve` runs it.
import { buildDist } from "./buildDist.js";

console.log(`built ${buildDist()}`);
