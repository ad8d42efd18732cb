// vitest globalSetup: the suite uses a real redis-server (never a mock). It is started per test
// file by test/helpers/redisServer.ts; here we only make sure the binary exists, installing
// Debian's package when we can (root with apt), else stopping the whole run at once with the one
// command that fixes it.
import { execFileSync, spawnSync } from "node:child_process";

const INSTALL = "apt-get install -y redis-server";

function have(): boolean {
  return spawnSync("redis-server", ["--version"], { stdio: "ignore" }).status === 0;
}

export default function ensureRedis(): void {
  if (have()) return;
  const root = typeof process.getuid === "function" && process.getuid() === 0;
  const apt = spawnSync("apt-get", ["--version"], { stdio: "ignore" }).status === 0;
  if (root && apt) {
    console.log(`redis-server is missing; installing it (${INSTALL})`);
    const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
    try {
      execFileSync("apt-get", ["install", "-y", "redis-server"], { stdio: "inherit", env });
    } catch {
      execFileSync("apt-get", ["update"], { stdio: "inherit", env });
      execFileSync("apt-get", ["install", "-y", "redis-server"], { stdio: "inherit", env });
    }
    if (have()) return;
  }
  throw new Error(`The test suite needs Debian's redis-server and could not install it. Run: sudo ${INSTALL}`);
}
