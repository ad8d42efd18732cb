// A real redis-server on a free loopback port for one test file, with nothing persisted.
import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { Redis } from "ioredis";
import { freePort } from "./freePort.js";

export interface RedisServer {
  url: string;
  port: number;
  /** A plain client (no key prefix) for inspecting and resetting state. */
  client: Redis;
  stop(): Promise<void>;
}


export async function startRedisServer(): Promise<RedisServer> {
  for (let attempt = 0; ; attempt++) {
    const port = await freePort();
    const child: ChildProcess = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], { stdio: ["ignore", "pipe", "pipe"] });
    const ready = await new Promise<boolean>((resolve) => {
      let out = "";
      child.stdout?.on("data", (chunk: Buffer) => {
        out += chunk.toString();
        if (out.includes("Ready to accept connections")) resolve(true);
      });
      child.once("exit", () => resolve(false));
    });
    if (!ready) {
      if (attempt < 3) continue; // the port was taken between finding it and binding it
      throw new Error(`redis-server did not start on port ${port}`);
    }
    const url = `redis://127.0.0.1:${port}/0`;
    const client = new Redis(url, { maxRetriesPerRequest: 1 });
    return {
      url,
      port,
      client,
      stop: async () => {
        client.disconnect();
        if (child.exitCode === null) {
          const exited = new Promise((resolve) => child.once("exit", resolve));
          child.kill("SIGTERM");
          await exited;
        }
      },
    };
  }
}
