// `npm run example:federation`: the whole supergraph on one machine. wecom-graph on its built-in
// vendor simulators, the HR subgraph, composition of the two, and Hive Gateway serving the result.
// GATEWAY_PORT picks the gateway's port (default 4300); everything else takes a free port.
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { startServer } from "../../src/server/startServer.js";
import { composeSupergraph, fetchSubgraphSdl } from "./compose.js";
import { startGateway } from "./gateway.js";
import { hrRecordsFor, startHrSubgraph } from "./hr-subgraph.js";

const SUPERGRAPH_FILE = fileURLToPath(new URL("./supergraph.graphql", import.meta.url));

const EXAMPLE_QUERY = `{
  hrEmployees {
    userId
    hrLevel
    name
    position
    customers(first: 5) { totalCount edges { node { name } } }
    wecomAccounts { wxid online }
  }
}`;

const gatewayPort = Number(process.env["GATEWAY_PORT"] ?? 4300);
if (!Number.isInteger(gatewayPort) || gatewayPort < 0 || gatewayPort > 65535) {
  console.error(`GATEWAY_PORT must be a port number, got ${JSON.stringify(process.env["GATEWAY_PORT"])}`);
  process.exit(2);
}

// The simulators' world is what HR's books refer to, so this always runs on them.
const graph = await startServer({ argv: [], env: { PORT: "0", SIM_PORT: "0" }, host: "127.0.0.1" });
const stops: (() => Promise<void>)[] = [() => graph.close()];
const stopAll = async () => {
  for (const stop of stops.reverse()) await stop().catch(() => undefined);
};

try {
  const hr = await startHrSubgraph(hrRecordsFor(graph.simulators!.dataset));
  stops.push(() => hr.close());
  const supergraph = composeSupergraph([
    { name: "wecom", url: graph.graphqlUrl, sdl: await fetchSubgraphSdl(graph.graphqlUrl) },
    { name: "hr", url: hr.url, sdl: await fetchSubgraphSdl(hr.url) },
  ]);
  writeFileSync(SUPERGRAPH_FILE, supergraph.sdl);
  const gateway = await startGateway({ supergraphFile: SUPERGRAPH_FILE, maxCost: graph.config.limits.maxQueryCost, port: gatewayPort, host: "127.0.0.1" });
  stops.push(() => gateway.close());
  console.log(
    [
      "federation example is up",
      `  Hive Gateway (supergraph)  ${gateway.graphqlUrl}`,
      `  wecom-graph subgraph       ${graph.graphqlUrl}`,
      `  HR subgraph                ${hr.url}`,
      `  vendor simulators          ${graph.simulators!.url}  (counters: ${graph.simulators!.url}/__stats)`,
      `  supergraph SDL             ${SUPERGRAPH_FILE}`,
      ...supergraph.hints.map((h) => `  composition hint: ${h}`),
      "",
      "Try:",
      `  curl -s ${gateway.graphqlUrl} -H 'content-type: application/json' \\`,
      `    -d '${JSON.stringify({ query: EXAMPLE_QUERY.replace(/\s+/g, " ") })}'`,
      "",
      "Ctrl-C stops everything.",
    ].join("\n"),
  );
} catch (error) {
  console.error(`the federation example could not start: ${(error as Error).message}`);
  await stopAll();
  process.exit(1);
}

let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    void stopAll().then(() => process.exit(0));
  });
}
