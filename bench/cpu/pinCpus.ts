// Which core each process of the benchmark runs on. Unpinned, the first server spawned after the
// simulators came out 10-15 % dearer per request than later ones running the very same build
// (three copies of one build, one run: 7.77, 6.68 and 7.07 CPU-ms on S3), which is as large as the
// differences the benchmark is there to show. Pinned, every server runs on the same core, one at a
// time (the slices take turns), while the simulators and the load generator share the other one:
// the same three copies then measured 6.12, 6.37 and 6.05. taskset(1) is util-linux's, which every
// Debian has; on one core, or without it, nothing is pinned and the run says so.
import { execFileSync } from "node:child_process";
import { availableParallelism } from "node:os";

export type Core = "servers" | "load";

/** Whether pinning is possible here: at least two cores and taskset(1). */
export function canPin(): boolean {
  if (availableParallelism() < 2) return false;
  try {
    execFileSync("taskset", ["-p", String(process.pid)], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

/** Moves every thread of `pid` onto the core for `core` (servers on core 1, the rest on core 0). */
export function pin(pid: number, core: Core): void {
  execFileSync("taskset", ["-a", "-cp", core === "servers" ? "1" : "0", String(pid)], { stdio: "ignore" });
}
