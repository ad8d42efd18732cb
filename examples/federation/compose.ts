// Supergraph composition with @apollo/composition, from what each running subgraph serves at
// `_service { sdl }` (as `rover supergraph compose` does with introspected subgraphs).
//
//   tsx examples/federation/compose.ts wecom=http://localhost:4000/graphql hr=http://localhost:4200/graphql [--out supergraph.graphql]
//
// Without --out the supergraph SDL goes to stdout.
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { composeServices } from "@apollo/composition";
import { parse } from "graphql";

export interface SubgraphSource {
  name: string;
  /** The subgraph's GraphQL endpoint: the gateway sends its fetches here. */
  url: string;
  sdl: string;
}

export interface Supergraph {
  sdl: string;
  /** Composition hints (not errors): worth reading, never fatal. */
  hints: string[];
}

/** A subgraph's own SDL, federation directives included. */
export async function fetchSubgraphSdl(url: string, headers: Record<string, string> = {}): Promise<string> {
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/json", ...headers },
    body: JSON.stringify({ query: "{ _service { sdl } }" }),
  });
  const body = (await res.json().catch(() => null)) as { data?: { _service?: { sdl?: string } } } | null;
  const sdl = body?.data?._service?.sdl;
  if (!res.ok || typeof sdl !== "string") throw new Error(`${url} did not answer _service { sdl } (HTTP ${res.status}): is it a federation subgraph?`);
  return sdl;
}

/** Composes the subgraphs into a supergraph, or throws listing every composition error. */
export function composeSupergraph(subgraphs: readonly SubgraphSource[]): Supergraph {
  const result = composeServices(subgraphs.map((s) => ({ name: s.name, url: s.url, typeDefs: parse(s.sdl) })));
  if (result.errors) throw new Error(`composition failed:\n${result.errors.map((e) => `  - ${e.message}`).join("\n")}`);
  return { sdl: result.supergraphSdl, hints: result.hints.map((h) => h.toString()) };
}

async function main(argv: readonly string[]): Promise<void> {
  let out: string | null = null;
  const endpoints: { name: string; url: string }[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === "--out") {
      out = argv[++i] ?? null;
      if (!out) throw new Error("--out needs a file name");
      continue;
    }
    const eq = arg.indexOf("=");
    if (eq <= 0 || !/^https?:\/\//.test(arg.slice(eq + 1))) throw new Error(`expected name=url (e.g. wecom=http://localhost:4000/graphql), got ${JSON.stringify(arg)}`);
    endpoints.push({ name: arg.slice(0, eq), url: arg.slice(eq + 1) });
  }
  if (endpoints.length === 0) throw new Error("usage: compose.ts name=url [name=url ...] [--out file]");
  const subgraphs = await Promise.all(endpoints.map(async (e) => ({ ...e, sdl: await fetchSubgraphSdl(e.url) })));
  const supergraph = composeSupergraph(subgraphs);
  if (out) {
    writeFileSync(out, supergraph.sdl);
    console.error(`wrote ${out} (${subgraphs.map((s) => s.name).join(" + ")})`);
  } else {
    process.stdout.write(supergraph.sdl);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).catch((error: Error) => {
    console.error(error.message);
    process.exit(2);
  });
}
