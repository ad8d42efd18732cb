// 200 distinct valid queries of about 1 MiB leave the server's heap where it was after GC: parsed
// documents are cached within a byte bound (a document that big is not kept at all), and bodies
// over the limit are refused unparsed. Measured in a child process with --expose-gc.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const run = promisify(execFile);

describe("memory", () => {
  it("200 distinct ~1 MiB queries leave the heap within 10% of where it started", async () => {
    const { stdout } = await run(process.execPath, ["--expose-gc", "--import", "tsx", "test/helpers/heapProbe.ts"], {
      env: { ...process.env, LOG_LEVEL: "silent" },
      timeout: 60_000,
      maxBuffer: 1024 * 1024,
    });
    const result = JSON.parse(stdout.trim().split("\n").pop()!) as { before: number; after: number; answered: number; queryBytes: number; overLimitStatus: number };
    expect(result.queryBytes).toBe(1024 * 1024 - 1024);
    expect(result.answered).toBe(200);
    expect(result.overLimitStatus).toBe(413);
    expect(result.after).toBeLessThanOrEqual(result.before * 1.1);
  }, 60_000);
});
