// `npm start`: listens until SIGINT/SIGTERM. Config: `--config path` or WECOM_GRAPH_CONFIG; none
// means the built-in simulators. PORT overrides the config's port. Exit codes: 0 after a signal or
// --help, 1 when start-up fails (config, environment, port), 2 for a command line we cannot read.
import { pino } from "pino";
import { exitOnSignals } from "../ops/Lifecycle.js";
import { logLevelFrom, parseServerArgs, SERVER_USAGE } from "./cli.js";
import { UsageError } from "../core/commandLine.js";
import { describeAccess } from "../auth/describeAccess.js";
import { ConfigError } from "../core/ConfigError.js";
import { startServer } from "./startServer.js";

const argv = process.argv.slice(2);

try {
  if (parseServerArgs(argv).help) {
    console.log(SERVER_USAGE);
    process.exit(0);
  }
  const logger = pino({ level: logLevelFrom(process.env) });
  const server = await startServer({ argv, logger });
  const lines = [
    `wecom-graph is up (config: ${server.configSource})`,
    `  GraphQL + GraphiQL  ${server.graphqlUrl}`,
    ...(server.simulators
      ? [
          `  vendor simulators   ${server.simulators.url}/{yunzhenji,shiheng,yunzhong,directory}`,
          `  simulator control   ${server.simulators.url}/__stats  ${server.simulators.url}/__control  ${server.simulators.url}/__world`,
        ]
      : []),
    `  health / metrics    ${server.url}/healthz  ${server.url}/readyz  ${server.url}/metrics`,
    `  access              ${describeAccess(server.config)}`,
    `  corps               ${server.config.corps.map((c) => `${c.corpId}${c.name ? ` (${c.name})` : ""}`).join(", ") || "(none configured)"}`,
  ];
  console.log(lines.join("\n"));
  exitOnSignals(() => server.shutdown(), logger);
} catch (error) {
  if (error instanceof UsageError) {
    console.error(`wecom-graph: ${error.message}\n\n${SERVER_USAGE}`);
    process.exit(2);
  }
  // A ConfigError names the key, variable or port to fix (never a secret value): its message is
  // the whole story. Anything else is a bug or the OS, where the stack is what helps.
  console.error(`wecom-graph could not start: ${error instanceof ConfigError ? error.message : ((error as Error).stack ?? String(error))}`);
  process.exit(1);
}
