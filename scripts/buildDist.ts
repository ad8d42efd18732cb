// The production build: src/ compiled to plain JavaScript (tsconfig.build.json), plus the files the
// server reads at run time beside its code (GraphiQL's example operations, read via
// import.meta.url). `node <outDir>/server/main.js` then runs without any TypeScript tooling.
import { execFileSync } from "node:child_process";
import { cpSync, rmSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");

/** Non-TypeScript files under src/ that the built server reads, as paths relative to src/. */
const RUNTIME_ASSETS = ["client/operations"];

/** Builds into `outDir` (relative to the repository), emptied first so no stale module survives. */
export function buildDist(outDir = "dist"): string {
  const out = resolve(ROOT, outDir);
  rmSync(out, { recursive: true, force: true });
  execFileSync(join(ROOT, "node_modules/.bin/tsc"), ["-p", join(ROOT, "tsconfig.build.json"), "--outDir", out], { cwd: ROOT, stdio: "inherit" });
  for (const asset of RUNTIME_ASSETS) cpSync(join(ROOT, "src", asset), join(out, asset), { recursive: true });
  return out;
}
