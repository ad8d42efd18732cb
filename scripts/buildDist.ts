// The production build: src/ type-checked and compiled to JavaScript (tsconfig.build.json), then
// the server bundled into one file, plus the files the server reads at run time beside its
// code (GraphiQL's example operations, read via import.meta.url). `node <outDir>/server/main.js`
// then runs without any TypeScript tooling.
//
// The simulators are not in the server's file: the server reaches them only by import() (when no
// config file is given, outside production), and they are bundled apart into simulators/, which a
// configured server never reads.
//
// Why a bundle: every module a process loads keeps its source text in the V8 heap, and a bundle
// keeps only what the server reaches, without comments or whitespace (README, Benchmark: about 9 MB less old generation
// at start and 6–10 MB less RSS after a run). Dependencies go in too; the ones a config may never
// need (ioredis, the JWT plugin) stay outside and are required only when configured.
import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");

/** Non-TypeScript files under src/ that the built server reads, as paths relative to src/. */
const RUNTIME_ASSETS = ["client/operations"];

/** Loaded by `createRequire` at run time only when the config asks for them: resolved from node_modules, not bundled. */
const REQUIRED_AT_RUN_TIME = ["ioredis", "@graphql-yoga/plugin-jwt"];

/** Builds into `outDir` (relative to the repository), emptied first so no stale module survives. */
export function buildDist(outDir = "dist"): string {
  const out = resolve(ROOT, outDir);
  rmSync(out, { recursive: true, force: true });
  const compiled = mkdtempSync(join(ROOT, ".tmp-build-"));
  try {
    execFileSync(join(ROOT, "node_modules/.bin/tsc"), ["-p", join(ROOT, "tsconfig.build.json"), "--outDir", compiled], { cwd: ROOT, stdio: "inherit" });
    const esbuild = (entries: string[], outdir: string, extra: string[]) =>
      execFileSync(
        join(ROOT, "node_modules/.bin/esbuild"),
        [
          ...entries,
          "--bundle",
          "--platform=node",
          "--format=esm",
          // Whitespace and syntax only: names stay as written, so stack traces in the logs read as the
          // code does. (--keep-names would keep them too, but by a defineProperty on every closure
          // made, a few percent of CPU per request.)
          "--minify-whitespace",
          "--minify-syntax",
          "--sourcemap",
          // graphql-js once: its CommonJS entry, which the CommonJS packages that require it get too.
          "--main-fields=main,module",
          ...REQUIRED_AT_RUN_TIME.map((name) => `--external:${name}`),
          // CommonJS dependencies inside an ES module bundle still call require().
          "--banner:js=import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
          "--log-level=warning",
          "--entry-names=[name]",
          `--outdir=${outdir}`,
          ...extra,
        ],
        { cwd: ROOT, stdio: "inherit" },
      );
    // The server in one file, its import() of the simulators left as written: at run time it
    // reaches their own bundle below. (One build split into shared chunks would also keep them
    // out, but spreads the server over files and puts zod in a chunk shared with them.)
    esbuild([join(compiled, "server/main.js")], join(out, "server"), ["--external:../simulators/*"]);
    // The simulators' two entries the server imports, with what they share, in dist/simulators/.
    esbuild([join(compiled, "simulators/startSimulators.js"), join(compiled, "simulators/simulatorConfig.js")], join(out, "simulators"), ["--splitting", "--chunk-names=chunks/[name]-[hash]"]);
  } finally {
    rmSync(compiled, { recursive: true, force: true });
  }
  for (const asset of RUNTIME_ASSETS) cpSync(join(ROOT, "src", asset), join(out, asset), { recursive: true });
  return out;
}

/** The built JavaScript files with their sizes, largest first (source maps left out). */
export function bundleSizes(out: string): { file: string; bytes: number }[] {
  const walk = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]));
  return walk(out)
    .filter((f) => f.endsWith(".js"))
    .map((f) => ({ file: relative(out, f), bytes: statSync(f).size }))
    .sort((a, b) => b.bytes - a.bytes);
}
