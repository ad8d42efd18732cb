// `npm start`: listens until SIGINT/SIGTERM. Config: `--config path` or WECOM_GRAPH_CONFIG; none
// means the built-in simulators. PORT overrides the config's port.
import { pino } from "pino";
import { describeAccess } from "../auth/describeAccess.js";
import { ConfigError } from "./loadConfig.js";
import { startServer } from "./startServer.js";

const logger = pino({ level: process.env["LOG_LEVEL"] ?? "info" });

try {
  const server = await startServer({ argv: process.argv.slice(2), logger });
  const lines = [
    `wecom-graph is up (config: ${server.configSource})`,
    `  GraphQL + GraphiQL  ${server.graphqlUrl}`,
    ...(server.simulators
      ? [
          `  vendor simulators   ${server.simulators.url}/{yunzhenji,shiheng,yunzhong,directory}`,
          `  simulator control   ${server.simulators.url}/__stats  ${server.simulators.url}/__control`,
        ]
      : []),
    `  access              ${describeAccess(server.config)}`,
    `  corps               ${server.config.corps.map((c) => `${c.corpId}${c.name ? ` (${c.name})` : ""}`).join(", ") || "(none configured)"}`,
  ];
  console.log(lines.join("\n"));
  let stopping = false;
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      void server.close().then(() => process.exit(0));
    });
  }
} catch (error) {
  // ConfigError messages name keys and variables, never values; anything else is a bug or the OS.
  console.error(error instanceof ConfigError ? error.message : `wecom-graph could not start: ${(error as Error).message}`);
  process.exit(1);
}
