import { readFileSync, readdirSync } from "node:fs";
const dir = "/tmp/cachescratch/prof";
const prof = JSON.parse(readFileSync(`${dir}/${readdirSync(dir)[0]}`, "utf8"));
const self = new Map(); const byId = new Map(prof.nodes.map((n) => [n.id, n]));
const dt = new Map();
for (let i = 0; i < prof.samples.length; i++) dt.set(prof.samples[i], (dt.get(prof.samples[i]) ?? 0) + (prof.timeDeltas[i] ?? 0));
let total = 0;
for (const [id, t] of dt) { const n = byId.get(id); const cf = n.callFrame; const key = `${cf.functionName || "(anon)"} ${cf.url.replace(/.*node_modules\//, "nm/").replace(/.*\/src\//, "src/")}:${cf.lineNumber}`; self.set(key, (self.get(key) ?? 0) + t); total += t; }
const top = [...self].sort((a, b) => b[1] - a[1]).slice(0, 40);
for (const [k, t] of top) console.log((t / 1000).toFixed(0).padStart(7), "ms", ((100 * t) / total).toFixed(1).padStart(5), "%", k);
// by file
const byFile = new Map();
for (const [id, t] of dt) { const cf = byId.get(id).callFrame; const f = cf.url.replace(/.*node_modules\/([^/]+(\/[^/]+)?).*/, "nm:$1").replace(/.*\/src\//, "src/"); byFile.set(f, (byFile.get(f) ?? 0) + t); }
console.log("---");
for (const [k, t] of [...byFile].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log((t / 1000).toFixed(0).padStart(7), "ms", ((100 * t) / total).toFixed(1).padStart(5), "%", k);
