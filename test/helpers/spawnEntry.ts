// Runs one of the project's real entry points (`npm start`'s, `npm run simulate`'s, the bench) the
// way npm does, through tsx, so exit codes and what lands on stdout/stderr are the real ones.
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { fileURLToPath } from "node:url";

export const ROOT = fileURLToPath(new URL("../..", import.meta.url));

export interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
}

function start(entry: string, args: readonly string[], env: Record<string, string | undefined>): ChildProcessWithoutNullStreams {
  // LOG_LEVEL and the config variable of the developer's shell must not leak into a test.
  const base = { ...process.env, LOG_LEVEL: "silent", WECOM_GRAPH_CONFIG: undefined };
  return spawn(process.execPath, ["--import", "tsx", entry, ...args], { cwd: ROOT, env: { ...base, ...env } as NodeJS.ProcessEnv, stdio: ["pipe", "pipe", "pipe"] });
}

/** Runs `entry` to its end (a start-up error, --help); fails the test if it is still running after `timeoutMs`. */
export function runEntry(entry: string, args: readonly string[] = [], env: Record<string, string | undefined> = {}, timeoutMs = 20_000): Promise<Finished> {
  const child = start(entry, args, env);
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
  child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`${entry} ${args.join(" ")} still running after ${timeoutMs} ms; stdout: ${stdout}; stderr: ${stderr}`));
    }, timeoutMs);
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

export interface Running {
  child: ChildProcessWithoutNullStreams;
  /** Everything printed to stdout so far. */
  stdout(): string;
  /** Stops it with SIGTERM and resolves with its exit code. */
  stop(): Promise<number | null>;
}

/** Starts `entry` and resolves once `ready` matches its stdout (rejects if it exits first). */
export function startEntry(entry: string, env: Record<string, string | undefined>, ready: (stdout: string) => boolean, timeoutMs = 25_000): Promise<Running> {
  const child = start(entry, [], env);
  let out = "";
  let err = "";
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  child.stderr.on("data", (c: Buffer) => (err += c.toString()));
  const running: Running = {
    child,
    stdout: () => out,
    stop: async () => {
      if (child.exitCode === null) child.kill("SIGTERM");
      return exited;
    },
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`${entry} not ready after ${timeoutMs} ms; stdout: ${out}; stderr: ${err}`));
    }, timeoutMs);
    child.stdout.on("data", (c: Buffer) => {
      out += c.toString();
      if (ready(out)) {
        clearTimeout(timer);
        resolve(running);
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`${entry} exited (${code}) before it was ready; stdout: ${out}; stderr: ${err}`));
    });
  });
}
