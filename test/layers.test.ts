// The layering of docs/internals.md (Layers), held by dependency-cruiser over src/: no import up a
// floor, no circle (type-only imports included), no concern reaching into another, the simulators
// out of the server's static imports. The second test proves the rules catch each kind of breach.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const DEPCRUISE = join(ROOT, "node_modules/.bin/depcruise");
const CONFIG = join(ROOT, ".dependency-cruiser.cjs");

interface Violation {
  rule: { name: string };
  from: string;
  to: string;
  cycle?: { name: string }[];
}

function cruise(cwd: string): Violation[] {
  const out = execFileSync(DEPCRUISE, ["src", "--config", CONFIG, "--output-type", "json"], { cwd, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  return (JSON.parse(out) as { summary: { violations: Violation[] } }).summary.violations;
}

const show = (v: Violation) => `${v.rule.name}: ${v.from} -> ${v.to}${v.cycle ? ` (circle: ${v.cycle.map((c) => c.name).join(" -> ")})` : ""}`;

describe("layers", () => {
  const scratch = mkdtempSync(join(tmpdir(), "wecom-graph-layers-"));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it("src/ keeps every rule of docs/internals.md (Layers)", () => {
    expect(cruise(ROOT).map(show)).toEqual([]);
  }, 60_000);

  it("the rules catch an import up a floor, a type-only circle, a concern in another, a static simulator import and an unplaced folder", () => {
    const files: Record<string, string> = {
      "tsconfig.json": JSON.stringify({ compilerOptions: { module: "NodeNext", moduleResolution: "NodeNext", strict: true } }),
      "src/domain/thing.ts": 'import type { Query } from "../graph/Query.js";\nexport type Thing = Query;\n',
      "src/graph/Query.ts": "export interface Query { a: number }\n",
      "src/loaders/a.ts": 'import type { B } from "./b.js";\nexport interface A { b?: B }\n',
      "src/loaders/b.ts": 'import type { A } from "./a.js";\nexport interface B { a?: A }\n',
      "src/quota/wait.ts": 'import { count } from "../ops/count.js";\nexport const wait = count;\n',
      "src/ops/count.ts": "export const count = 1;\n",
      "src/server/main.ts": 'import { sims } from "../simulators/sims.js";\nexport const later = () => import("../simulators/sims.js");\nexport const s = sims;\n',
      "src/simulators/sims.ts": "export const sims = 1;\n",
      "src/gadgets/g.ts": 'import { count } from "../ops/count.js";\nexport const g = count;\n',
    };
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(scratch, path)), { recursive: true });
      writeFileSync(join(scratch, path), text);
    }
    const found = cruise(scratch).map((v) => `${v.rule.name}: ${v.from} -> ${v.to}`);
    expect(found).toEqual(
      expect.arrayContaining([
        "floor-1-imports-above: src/domain/thing.ts -> src/graph/Query.ts",
        "no-circular: src/loaders/a.ts -> src/loaders/b.ts",
        "concern-imports-concern: src/quota/wait.ts -> src/ops/count.ts",
        "simulators-only-by-dynamic-import: src/server/main.ts -> src/simulators/sims.ts",
        "folder-on-no-floor: src/gadgets/g.ts -> src/ops/count.ts",
      ]),
    );
    // The dynamic import() of the same file is allowed: exactly one breach from main.ts.
    expect(found.filter((f) => f.startsWith("simulators-only-by-dynamic-import"))).toHaveLength(1);
  }, 60_000);
});
