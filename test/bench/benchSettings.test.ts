// The bench's environment is checked before anything runs (bench/benchSettings.ts), and a response
// that carries GraphQL errors counts as a failed request, never as a fast one.
import { describe, expect, it } from "vitest";
import { answeredWithErrors, benchSettings, BenchSettingsError } from "../../bench/benchSettings.js";
import { runEntry } from "../helpers/spawnEntry.js";

describe("bench settings", () => {
  it("defaults, and values as given", () => {
    expect(benchSettings({})).toEqual({ size: "large", latencyMs: 10, runs: 20, seconds: 10, connections: 16 });
    expect(benchSettings({ BENCH_SIZE: "small", BENCH_LATENCY_MS: "0", BENCH_RUNS: "3", BENCH_SECONDS: "2", BENCH_CONNECTIONS: " 4 ", BENCH_OTHER: "x" })).toEqual({
      size: "small",
      latencyMs: 0,
      runs: 3,
      seconds: 2,
      connections: 4,
    });
    expect(benchSettings({ BENCH_RUNS: "" })).toMatchObject({ runs: 20 });
  });

  it("a bad value names the variable and the value", () => {
    const cases: [Record<string, string>, string][] = [
      [{ BENCH_RUNS: "abc" }, 'BENCH_RUNS must be an integer in 1..100000, got "abc"'],
      [{ BENCH_RUNS: "0" }, 'BENCH_RUNS must be an integer in 1..100000, got "0"'],
      [{ BENCH_SECONDS: "1.5" }, 'BENCH_SECONDS must be an integer in 1..3600, got "1.5"'],
      [{ BENCH_CONNECTIONS: "-2" }, 'BENCH_CONNECTIONS must be an integer in 1..1000, got "-2"'],
      [{ BENCH_LATENCY_MS: "10ms" }, 'BENCH_LATENCY_MS must be an integer in 0..60000, got "10ms"'],
      [{ BENCH_SIZE: "huge" }, 'BENCH_SIZE must be one of default, large, small, got "huge"'],
      [{ BENCH_SIZE: "toString" }, 'BENCH_SIZE must be one of default, large, small, got "toString"'],
    ];
    for (const [env, message] of cases) expect(() => benchSettings(env), message).toThrow(new BenchSettingsError(message));
  });

  it("`npm run bench` with BENCH_RUNS=abc stops at once, exit 1, naming it", async () => {
    const run = await runEntry("bench/run.ts", [], { BENCH_RUNS: "abc" });
    expect(run).toEqual({ code: 1, stdout: "", stderr: 'bench: BENCH_RUNS must be an integer in 1..100000, got "abc"\n' });
  });
});

describe("what counts as a failed response", () => {
  it("any body with errors, or without data, or not JSON", () => {
    expect(answeredWithErrors('{"data":{"corp":null}}')).toBe(false);
    expect(answeredWithErrors('{"data":{"corp":null},"errors":[{"message":"x","extensions":{"code":"UPSTREAM_ERROR"}}]}')).toBe(true);
    expect(answeredWithErrors('{"errors":[{"message":"x"}]}')).toBe(true);
    expect(answeredWithErrors("{}")).toBe(true);
    expect(answeredWithErrors("null")).toBe(true);
    expect(answeredWithErrors("<html>502</html>")).toBe(true);
  });
});
