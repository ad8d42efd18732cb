// Child process of `npm run bench:cpu`: the floor server. POST /S1, /S2 or /S3 with the same
// GraphQL body our server gets; it reads `variables.corpId` and answers what ours answers.
// argv[2] is the config file the simulators wrote. Prints one JSON line `{ "url": … }`.
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { SimulatorConfig } from "../../src/simulators/simulatorConfig.js";
import { floorAnswer } from "./floor/floorAnswer.js";
import type { CpuScenario } from "./scenarios.js";

const config = JSON.parse(readFileSync(process.argv[2] as string, "utf8")) as SimulatorConfig;
const SCENARIOS = new Set(["S1", "S2", "S3"]);

const server = createServer((req, res) => {
  let text = "";
  req.setEncoding("utf8");
  req.on("data", (chunk: string) => (text += chunk));
  req.on("end", () => {
    const scenario = (req.url ?? "").slice(1);
    const corpId = (JSON.parse(text) as { variables?: { corpId?: string } }).variables?.corpId;
    if (!SCENARIOS.has(scenario) || !corpId) {
      res.writeHead(404).end();
      return;
    }
    floorAnswer(config, scenario as CpuScenario["id"], corpId).then(
      (answer) => res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(answer)),
      (error: Error) => res.writeHead(500).end(error.message),
    );
  });
});
server.listen(0, "127.0.0.1", () => console.log(JSON.stringify({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` })));
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => server.close(() => process.exit(0)));
