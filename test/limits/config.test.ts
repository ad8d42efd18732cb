// The limits and shutdown keys of the config: contract defaults, and a bad value stops the start
// naming its key path.
import { describe, expect, it } from "vitest";
import { configSchema } from "../../src/server/config.js";
import { ConfigError } from "../../src/core/ConfigError.js";
import { parseConfig } from "../../src/server/loadConfig.js";

describe("limits config", () => {
  it("defaults to the contract's values", () => {
    const config = configSchema.parse({});
    expect(config.limits).toEqual({ maxBodyBytes: 1048576, requestTimeoutMs: 10000, maxUpstreamCallsPerRequest: 200, maxQueryCost: 20000, maxDepth: 15 });
    expect(config.shutdownGraceMs).toBe(10000);
  });

  it("takes some keys and keeps the defaults of the rest", () => {
    expect(parseConfig({ auth: { open: true }, limits: { requestTimeoutMs: 3000 } }).limits).toMatchObject({ requestTimeoutMs: 3000, maxBodyBytes: 1048576, maxUpstreamCallsPerRequest: 200 });
  });

  it("names the bad key", () => {
    expect(() => parseConfig({ limits: { maxBodyBytes: -1 } })).toThrow(ConfigError);
    expect(() => parseConfig({ limits: { maxBodyBytes: -1 } })).toThrow(/limits\.maxBodyBytes: /);
    expect(() => parseConfig({ limits: { maxUpstreamCalls: 5 } })).toThrow(/limits\.maxUpstreamCalls: unknown key/);
    expect(() => parseConfig({ shutdownGraceMs: "10s" })).toThrow(/shutdownGraceMs: /);
  });
});
