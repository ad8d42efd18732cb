// Starts a child process and waits for the stdout line that says it is ready. Its output after
// that is drained and dropped (the server logs a line per operation; a full pipe would stall it).
import { spawn, type ChildProcess } from "node:child_process";
import { createInterface } from "node:readline";

export interface ReadyChild {
  child: ChildProcess;
  pid: number;
  /** The match of `ready` on the first line that matched. */
  match: RegExpExecArray;
  stop(): Promise<void>;
}

export function spawnReady(command: string, args: readonly string[], env: NodeJS.ProcessEnv, ready: RegExp, timeoutMs = 30_000, cwd?: string): Promise<ReadyChild> {
  const child = spawn(command, args, { env, stdio: ["ignore", "pipe", "pipe"], ...(cwd ? { cwd } : {}) });
  let stderr = "";
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
    stderr = (stderr + chunk).slice(-4000);
  });
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once("exit", () => resolve());
      child.kill("SIGTERM");
    });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`${command} ${args.join(" ")}: not ready within ${timeoutMs} ms\n${stderr}`));
    }, timeoutMs);
    const exited = (code: number | null) => {
      clearTimeout(timer);
      reject(new Error(`${command} ${args.join(" ")} exited (${code}) before it was ready\n${stderr}`));
    };
    child.once("exit", exited);
    const lines = createInterface({ input: child.stdout! });
    lines.on("line", (line) => {
      const match = ready.exec(line);
      if (!match) return;
      clearTimeout(timer);
      child.off("exit", exited);
      lines.removeAllListeners("line");
      resolve({ child, pid: child.pid!, match, stop });
    });
  });
}
