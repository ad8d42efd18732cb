// Run by memory.test.ts as `node --expose-gc --import tsx test/helpers/heapProbe.ts`: serves the
// graph on port 0 (simulators in-process), sends it 200 distinct valid queries of about 1 MiB each
// over HTTP, and prints the heap after a full GC before and after them, as one JSON line.
import { startServer } from "../../src/server/startServer.js";

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error("run with --expose-gc");
const collect = gc;

function heap(): number {
  collect();
  collect();
  return process.memoryUsage().heapUsed;
}

const server = await startServer({ env: { PORT: "0", SIM_PORT: "0" }, host: "127.0.0.1" });
const limit = server.config.limits.maxBodyBytes;

/** A valid query of `bytes` bytes as a JSON body, distinct per `i` (an unknown corp: no vendor call). */
function body(i: number, bytes: number): string {
  const head = JSON.stringify({ query: `{ corp(corpId: "${i}-") { corpId } }` });
  return JSON.stringify({ query: `{ corp(corpId: "${i}-${"x".repeat(bytes - head.length)}") { corpId } }` });
}

async function send(text: string): Promise<{ status: number; json: any }> {
  const res = await fetch(server.graphqlUrl, { method: "POST", headers: { "content-type": "application/json" }, body: text });
  return { status: res.status, json: await res.json() };
}

// Warm up everything a first request initialises (modules, JIT, connection pools).
for (let i = 0; i < 20; i++) await send(body(-1 - i, limit - 1024));
await send(JSON.stringify({ query: "{ corps { corpId name } }" }));
const before = heap();
let answered = 0;
for (let i = 0; i < 200; i++) {
  const res = await send(body(i, limit - 1024));
  if (res.status === 200 && res.json.data?.corp === null && !res.json.errors) answered++;
}
const after = heap();
const over = await send(body(1000, limit + 1));
console.log(JSON.stringify({ before, after, answered, queryBytes: limit - 1024, overLimitStatus: over.status }));
await server.close();
process.exit(0);
