// What `npm start` is started with: the command line (one parser, src/server/cli.ts) and the
// variables that steer start-up. A mistake there is an error that names it, with the exit code a
// script can act on: 2 with usage for the command line, 1 for the environment.
import { createServer, type Server } from "node:net";
import { afterAll, describe, expect, it } from "vitest";
import { logLevelFrom, parseServerArgs, SERVER_USAGE } from "../../src/server/cli.js";
import { portVariable, UsageError } from "../../src/core/commandLine.js";
import { ConfigError } from "../../src/core/ConfigError.js";
import { startServer, type RunningServer } from "../../src/server/startServer.js";
import { runEntry } from "../helpers/spawnEntry.js";
import { freePort } from "../helpers/freePort.js";

const MAIN = "src/server/main.ts";

const cleanup: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of cleanup) await c();
});

/** A port some other process holds, for the "already in use" paths. */
async function occupiedPort(): Promise<number> {
  const blocker: Server = createServer();
  await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
  cleanup.push(() => new Promise<void>((resolve) => blocker.close(() => resolve())));
  return (blocker.address() as { port: number }).port;
}


function usageError(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as Error).message;
  }
  throw new Error("expected a UsageError");
}

describe("the command line", () => {
  it("takes --config FILE, --config=FILE and --help / -h", () => {
    expect(parseServerArgs([])).toEqual({ help: false, config: null });
    expect(parseServerArgs(["--config", "a.json"])).toEqual({ help: false, config: "a.json" });
    expect(parseServerArgs(["--config=b.json"])).toEqual({ help: false, config: "b.json" });
    expect(parseServerArgs(["--help"])).toEqual({ help: true, config: null });
    expect(parseServerArgs(["-h"])).toEqual({ help: true, config: null });
  });

  it("refuses anything else, naming it, with the flag probably meant for a near miss", () => {
    expect(usageError(() => parseServerArgs(["--confg", "x.json"]))).toBe("unknown option --confg (did you mean --config?)");
    expect(usageError(() => parseServerArgs(["--port", "4001"]))).toBe("unknown option --port");
    expect(usageError(() => parseServerArgs(["serve"]))).toBe('unexpected argument "serve": every option starts with --');
    expect(usageError(() => parseServerArgs(["--config"]))).toBe("--config needs a file path");
    expect(usageError(() => parseServerArgs(["--config", "--help"]))).toBe("--config needs a file path");
    expect(usageError(() => parseServerArgs(["--help=yes"]))).toBe("--help takes no value");
  });

  it("`npm start -- --confg x.json` exits 2 with the problem and the usage on stderr, and starts nothing", async () => {
    const run = await runEntry(MAIN, ["--confg", "x.json"], { PORT: "0", SIM_PORT: "0" });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toBe(`wecom-graph: unknown option --confg (did you mean --config?)\n\n${SERVER_USAGE}\n`);
  });

  it("`npm start -- --help` prints the usage and exits 0", async () => {
    const run = await runEntry(MAIN, ["--help"]);
    expect(run).toEqual({ code: 0, stdout: `${SERVER_USAGE}\n`, stderr: "" });
    for (const name of ["--config FILE", "WECOM_GRAPH_CONFIG", "PORT", "SIM_PORT", "LOG_LEVEL"]) expect(SERVER_USAGE).toContain(name);
  });
});

describe("LOG_LEVEL", () => {
  it("is one of pino's levels, info when unset or empty", () => {
    expect(logLevelFrom({})).toBe("info");
    expect(logLevelFrom({ LOG_LEVEL: "" })).toBe("info");
    for (const level of ["fatal", "error", "warn", "info", "debug", "trace", "silent"]) expect(logLevelFrom({ LOG_LEVEL: level })).toBe(level);
    expect(() => logLevelFrom({ LOG_LEVEL: "verbose" })).toThrow(new ConfigError('LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent, got "verbose"'));
    expect(() => logLevelFrom({ LOG_LEVEL: "INFO" })).toThrow(ConfigError);
  });

  it("a bad one stops the start with exit 1 and one line naming the value and the levels, no stack trace", async () => {
    const run = await runEntry(MAIN, [], { LOG_LEVEL: "verbose", PORT: "0", SIM_PORT: "0" });
    expect(run).toEqual({
      code: 1,
      stdout: "",
      stderr: 'wecom-graph could not start: LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent, got "verbose"\n',
    });
  });
});

describe("PORT and SIM_PORT", () => {
  it("must be integers 0..65535: digits only", () => {
    expect(portVariable({}, "SIM_PORT")).toBeNull();
    expect(portVariable({ SIM_PORT: "" }, "SIM_PORT")).toBeNull();
    expect(portVariable({ SIM_PORT: " 4101 " }, "SIM_PORT")).toBe(4101);
    expect(portVariable({ SIM_PORT: "0" }, "SIM_PORT")).toBe(0);
    for (const bad of ["abc", "0x10", "1e3", "-1", "65536", "41.5"]) {
      expect(() => portVariable({ SIM_PORT: bad }, "SIM_PORT")).toThrow(new ConfigError(`SIM_PORT must be an integer 0..65535, got ${JSON.stringify(bad)}`));
    }
  });

  it("a bad SIM_PORT stops `npm start` (no config) with exit 1 naming it; it no longer falls back to 4100", async () => {
    const run = await runEntry(MAIN, [], { SIM_PORT: "41o0", PORT: "0" });
    expect(run).toEqual({ code: 1, stdout: "", stderr: 'wecom-graph could not start: SIM_PORT must be an integer 0..65535, got "41o0"\n' });
  });

  it("a SIM_PORT that was set and is taken is an error naming the port", async () => {
    const taken = await occupiedPort();
    await expect(startServer({ env: { PORT: "0", SIM_PORT: String(taken) } })).rejects.toThrow(
      new ConfigError(`SIM_PORT ${taken} is already in use: set SIM_PORT to a free port, or leave it unset to let the simulators take a free port when 4100 is busy`),
    );
  });

  it("when the default simulator port is taken and SIM_PORT is unset, the graph still starts, its simulators on a free port", async () => {
    const taken = await occupiedPort();
    const server: RunningServer = await startServer({ env: { PORT: "0" }, defaultSimPort: taken });
    cleanup.push(() => server.close());
    expect(server.simulators!.port).not.toBe(taken);
    const stats = (await (await fetch(`${server.simulators!.url}/__stats`)).json()) as Record<string, unknown>;
    expect(Object.keys(stats).sort()).toEqual(["directory", "shiheng", "yunzhenji", "yunzhong"]);
  });

  it("a PORT that is taken is an error naming the port, and leaves no simulators running", async () => {
    const taken = await occupiedPort();
    const simPort = await freePort();
    await expect(startServer({ env: { PORT: String(taken), SIM_PORT: String(simPort) }, host: "127.0.0.1" })).rejects.toThrow(
      new ConfigError(`port ${taken} is already in use: set PORT to a free port (PORT=0 takes any)`),
    );
    // The simulators it had started are gone: their port can be taken again.
    const again = createServer();
    await new Promise<void>((resolve, reject) => again.once("error", reject).listen(simPort, "127.0.0.1", resolve));
    await new Promise<void>((resolve) => again.close(() => resolve()));
    await expect(startServer({ env: { PORT: "http" } })).rejects.toThrow(new ConfigError('PORT must be an integer 0..65535, got "http"'));
  });
});
