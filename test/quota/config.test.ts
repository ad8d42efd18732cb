// The quota keys of the config file: where they go, and bad values named by their key path.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError } from "../../src/core/ConfigError.js";
import { loadConfigFile } from "../../src/server/loadConfig.js";
import { createSources } from "../../src/server/createSources.js";
import type { YunzhenjiClient } from "../../src/vendors/yunzhenji/YunzhenjiClient.js";

const dir = mkdtempSync(join(tmpdir(), "wecom-graph-quota-config-"));
let n = 0;
function load(vendors: unknown) {
  const path = join(dir, `${++n}.json`);
  writeFileSync(path, JSON.stringify({ auth: { open: true }, vendors }));
  return loadConfigFile(path, {});
}
function error(vendors: unknown): string {
  try {
    load(vendors);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as Error).message;
  }
  throw new Error("expected a ConfigError");
}

const yunzhenji = { baseUrl: "https://oapi-yzj.miaokol.com", appId: "app", appSecret: "s3cret" };

describe("quota config", () => {
  it("every vendor takes quota.perMinute and concurrency, and its client builds beside them", () => {
    const config = load({
      yunzhenji: { ...yunzhenji, quota: { perMinute: 400 }, concurrency: 4 },
      shiheng: { baseUrl: "https://sh.example.cn", appId: "a", appSecret: "b", quota: { perMinute: 100 } },
      yunzhong: { baseUrl: "https://yz.example.cn", concurrency: 2 },
      directory: { baseUrl: "https://dir.example.cn", quota: { perMinute: 1200 }, concurrency: 8 },
    });
    expect(config.vendors.yunzhenji).toMatchObject({ quota: { perMinute: 400 }, concurrency: 4 });
    expect(config.vendors.directory).toMatchObject({ quota: { perMinute: 1200 }, concurrency: 8 });
    const client = createSources(config.vendors).yunzhenji as YunzhenjiClient;
    expect(client.transport.baseUrl).toBe("https://oapi-yzj.miaokol.com");
  });

  it("bad values and unknown keys are named by their key path", () => {
    expect(error({ yunzhenji: { ...yunzhenji, quota: { perMinute: 0 } } })).toContain("vendors.yunzhenji.quota.perMinute");
    expect(error({ yunzhenji: { ...yunzhenji, quota: { perSecond: 5 } } })).toContain("vendors.yunzhenji.quota.perSecond: unknown key");
    expect(error({ directory: { baseUrl: "https://d.cn", concurrency: 1.5 } })).toContain("vendors.directory.concurrency");
    expect(error({ yunzhong: { baseUrl: "https://d.cn", quota: 500 } })).toContain("vendors.yunzhong.quota");
  });
});
