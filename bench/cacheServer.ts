// The graph alone in its own process, for bench/cache.ts: its CPU time is then the serving
// process's and nothing else's (the simulators and the load generator run in the parent).
// Reads the config JSON from BENCH_CONFIG, listens on a free loopback port, prints it.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { createApp } from "../src/server/app.js";
import { configSchema } from "../src/server/config.js";

const app = createApp(configSchema.parse(JSON.parse(process.env["BENCH_CONFIG"] ?? "{}")));
const server = createServer(app);
server.listen(0, "127.0.0.1", () => {
  console.log(`listening ${(server.address() as AddressInfo).port}`);
});
process.on("SIGTERM", () => {
  server.close();
  void app.dispose();
  process.exit(0);
});
