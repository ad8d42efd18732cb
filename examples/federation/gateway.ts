// Hive Gateway as a real process: `hive-gateway supergraph <file>` from node_modules/.bin, with
// this folder's gateway.config.ts and wecom-graph's cost limit, on a port of the caller's choosing,
// ready when /readiness says so.
import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";

const BIN = fileURLToPath(new URL("../../node_modules/.bin/hive-gateway", import.meta.url));
const CONFIG = fileURLToPath(new URL("./gateway.config.ts", import.meta.url));

export interface GatewayOptions {
  supergraphFile: string;
  /** Demand control's limit: wecom-graph's `limits.maxQueryCost`, so the gateway refuses what the graph would. */
  maxCost: number;
  /** 0 or absent: a free port. */
  port?: number;
  host?: string;
  /** How long to wait for /readiness before giving up (ms). */
  readyTimeoutMs?: number;
}

export interface RunningGateway {
  url: string;
  graphqlUrl: string;
  pid: number;
  /** What the gateway printed so far (its log), for diagnosing a failed start or request. */
  output(): string;
  close(): Promise<void>;
}

/** A port nobody listens on right now (the gateway CLI needs a number, not 0). */
export function freePort(host = "127.0.0.1"): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, host, () => {
      const address = probe.address();
      probe.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

export async function startGateway(options: GatewayOptions): Promise<RunningGateway> {
  const host = options.host ?? "127.0.0.1";
  const port = options.port || (await freePort(host));
  const child: ChildProcess = spawn(BIN, ["supergraph", options.supergraphFile, "--port", String(port), "--host", host, "--config-path", CONFIG], {
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, NO_COLOR: "1", WECOM_GRAPH_MAX_QUERY_COST: String(options.maxCost) },
  });
  let log = "";
  const keep = (chunk: Buffer) => {
    log = (log + chunk.toString("utf8")).slice(-20_000);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  let running = true;
  void exited.then(() => (running = false));

  const url = `http://${host}:${port}`;
  const close = async () => {
    if (!running) return;
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 3000);
    await exited;
    clearTimeout(timer);
  };

  const deadline = Date.now() + (options.readyTimeoutMs ?? 20_000);
  for (;;) {
    if (!running) throw new Error(`hive-gateway exited before it was ready:\n${log}`);
    try {
      if ((await fetch(`${url}/readiness`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await close();
      throw new Error(`hive-gateway was not ready within ${options.readyTimeoutMs ?? 20_000} ms:\n${log}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { url, graphqlUrl: `${url}/graphql`, pid: child.pid as number, output: () => log, close };
}
