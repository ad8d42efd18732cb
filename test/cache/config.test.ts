// The cache's configuration keys (README, Cache) and the retired `cache.listTtlSeconds`.
import { describe, expect, it } from "vitest";
import { cacheSettings } from "../../src/cache/CacheSettings.js";
import { ConfigError } from "../../src/core/ConfigError.js";
import { parseConfig } from "../../src/server/loadConfig.js";

// A config file must say how callers authenticate; these tests are about the cache keys only.
const parse = (raw: Record<string, unknown>) => parseConfig({ auth: { open: true }, ...raw });

function failure(raw: Record<string, unknown>): string {
  try {
    parse(raw);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error("expected a ConfigError");
}

describe("cache config", () => {
  it("is off by default: every TTL 0, no stale window", () => {
    expect(parse({}).cache).toEqual({ ttlSeconds: { yunzhenji: 0, shiheng: 0, yunzhong: 0, directory: 0 }, staleSeconds: 0, maxEntries: 20_000 });
  });

  it("takes a TTL per vendor (the others stay 0) and a stale window, in whole seconds", () => {
    const { cache } = parse({ cache: { ttlSeconds: { yunzhenji: 30, directory: 600 }, staleSeconds: 600 } });
    expect(cache).toEqual({ ttlSeconds: { yunzhenji: 30, shiheng: 0, yunzhong: 0, directory: 600 }, staleSeconds: 600, maxEntries: 20_000 });
    expect(cacheSettings(cache)).toEqual({ ttlMs: { yunzhenji: 30_000, shiheng: 0, yunzhong: 0, directory: 600_000 }, staleMs: 600_000, maxEntries: 20_000 });
  });

  it("names a bad value or an unknown vendor by its key path", () => {
    expect(failure({ cache: { ttlSeconds: { yunzhenji: -1 } } })).toContain("cache.ttlSeconds.yunzhenji: Too small");
    expect(failure({ cache: { ttlSeconds: { yunzhenji: 1.5 } } })).toContain("cache.ttlSeconds.yunzhenji:");
    expect(failure({ cache: { ttlSeconds: { wechat: 30 } } })).toContain("cache.ttlSeconds.wechat: unknown key");
    expect(failure({ cache: { staleSeconds: 86_401 } })).toContain("cache.staleSeconds: Too big");
  });

  it("the retired listTtlSeconds stops the start, saying what to write instead", () => {
    expect(failure({ cache: { listTtlSeconds: 45 } })).toBe(
      'config is invalid:\n  cache.listTtlSeconds: replaced by cache.ttlSeconds, one TTL per vendor that also covers paged reads: write "cache": { "ttlSeconds": { "yunzhenji": 45, "shiheng": 45 } } for what listTtlSeconds did (see README, Cache)',
    );
  });
});
