import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { configPathFrom, portFrom } from "../../src/server/cli.js";
import { UsageError } from "../../src/core/commandLine.js";
import { ConfigError } from "../../src/core/ConfigError.js";
import { loadConfigFile } from "../../src/server/loadConfig.js";

const dir = mkdtempSync(join(tmpdir(), "wecom-graph-config-"));
function file(content: unknown): string {
  const path = join(dir, `${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(path, typeof content === "string" ? content : JSON.stringify(content));
  return path;
}

const good = {
  port: 4010,
  vendors: {
    yunzhenji: { baseUrl: "https://oapi-yzj.miaokol.com", appId: "${YZJ_APP_ID}", appSecret: "${YZJ_APP_SECRET}" },
    shiheng: { baseUrl: "https://open.example.cn", appId: "sh", appSecret: "${SH_SECRET}", timeoutMs: 8000 },
    yunzhong: { baseUrl: "https://shop.example.cn", headers: { Cookie: "laravel_session=${YUNZHONG_SESSION}" } },
    directory: { baseUrl: "https://dir.example.cn", headers: { Authorization: "Bearer ${DIR_TOKEN}" } },
  },
  corps: [{ corpId: "ww0123456789abcdef", name: "示例企业", yunzhenji: { corpId: 2 }, yunzhong: { uniacid: 2, cropId: 1 } }],
  // A config file must decide access (contract, revision 2).
  auth: { apiKeys: [{ name: "crm-web", key: "${CRM_WEB_KEY}", scopes: ["pii"] }] },
};
const env = { YZJ_APP_ID: "app-1", YZJ_APP_SECRET: "s3cret-yzj", SH_SECRET: "s3cret-sh", YUNZHONG_SESSION: "sess-123", DIR_TOKEN: "tok-456", CRM_WEB_KEY: "s3cret-crm-web-key-0001" };

function failure(run: () => unknown): ConfigError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error("expected a ConfigError");
}

describe("config file", () => {
  it("loads a good file with ${VAR} interpolation and defaults", () => {
    const config = loadConfigFile(file(good), env);
    expect(config.port).toBe(4010);
    expect(config.vendors.yunzhenji).toEqual({ baseUrl: "https://oapi-yzj.miaokol.com", appId: "app-1", appSecret: "s3cret-yzj" });
    expect(config.vendors.shiheng).toMatchObject({ appSecret: "s3cret-sh", version: "1.0", employeeListPath: "/open/api/wecom/employee/list", timeoutMs: 8000 });
    expect(config.vendors.yunzhong!.headers).toEqual({ Cookie: "laravel_session=sess-123" });
    expect(config.vendors.directory!.headers).toEqual({ Authorization: "Bearer tok-456" });
    expect(config.corps).toEqual(good.corps);
  });

  it("a missing variable names the variable and the key, not a value", () => {
    const { DIR_TOKEN: _gone, ...rest } = env;
    const error = failure(() => loadConfigFile(file(good), rest));
    expect(error.message).toBe("config: vendors.directory.headers.Authorization uses ${DIR_TOKEN}, but the environment variable DIR_TOKEN is not set");
  });

  it("an unknown key is named by its full path", () => {
    const error = failure(() => loadConfigFile(file({ ...good, vendors: { ...good.vendors, yunzhong: { ...good.vendors.yunzhong, cookie: "x" } } }), env));
    expect(error.message).toContain("vendors.yunzhong.cookie: unknown key");
    const top = failure(() => loadConfigFile(file({ ...good, prot: 1 }), env));
    expect(top.message).toContain("prot: unknown key");
  });

  it("a bad value names its key path and never echoes a secret", () => {
    const bad = { ...good, vendors: { ...good.vendors, yunzhenji: { ...good.vendors.yunzhenji, timeoutMs: "soon" } }, corps: [{ corpId: "ww1", yunzhong: { uniacid: "two", cropId: 1 } }] };
    const error = failure(() => loadConfigFile(file(bad), env));
    expect(error.message).toContain("vendors.yunzhenji.timeoutMs");
    expect(error.message).toContain("corps[0].yunzhong.uniacid");
    for (const secret of Object.values(env)) expect(error.message).not.toContain(secret);
    const both = failure(() => loadConfigFile(file({ vendors: { yunzhenji: { baseUrl: "https://x.cn", appId: "a", appSecret: "s3cret-1", accessToken: "s3cret-2" } } }), env));
    expect(both.message).toContain("vendors.yunzhenji: give exactly one of appSecret (token flow) or accessToken (fixed token)");
    expect(both.message).not.toMatch(/s3cret/);
    const url = failure(() => loadConfigFile(file({ vendors: { directory: { baseUrl: "ftp://x" } } }), env));
    expect(url.message).toContain("vendors.directory.baseUrl");
  });

  it("live.pollSeconds defaults to 30, takes fractions, and a value out of range names its key", () => {
    expect(loadConfigFile(file(good), env).live).toEqual({ pollSeconds: 30 });
    expect(loadConfigFile(file({ ...good, live: { pollSeconds: 0.5 } }), env).live).toEqual({ pollSeconds: 0.5 });
    expect(failure(() => loadConfigFile(file({ ...good, live: { pollSeconds: 0 } }), env)).message).toContain("live.pollSeconds");
    expect(failure(() => loadConfigFile(file({ ...good, live: { pollSeconds: "30" } }), env)).message).toContain("live.pollSeconds");
    expect(failure(() => loadConfigFile(file({ ...good, live: { poll: 30 } }), env)).message).toContain("live.poll: unknown key");
  });

  it("a file that is missing or not JSON says so", () => {
    expect(failure(() => loadConfigFile(join(dir, "nope.json"), env)).message).toMatch(/cannot read .*nope\.json: ENOENT/);
    expect(failure(() => loadConfigFile(file("{ port: 1 "), env)).message).toMatch(/is not valid JSON/);
  });

  it("--config, --config= and WECOM_GRAPH_CONFIG select the file; PORT wins over the config's port", () => {
    expect(configPathFrom(["--config", "a.json"], {})).toBe("a.json");
    expect(configPathFrom(["--config=b.json"], { WECOM_GRAPH_CONFIG: "c.json" })).toBe("b.json");
    expect(configPathFrom([], { WECOM_GRAPH_CONFIG: "c.json" })).toBe("c.json");
    expect(configPathFrom([], {})).toBeNull();
    // A missing value is a usage error now (exit 2 with usage), no longer a config error.
    expect(() => configPathFrom(["--config"], {})).toThrow(new UsageError("--config needs a file path"));
    expect(() => configPathFrom(["--config="], {})).toThrow(new UsageError("--config needs a file path"));
    const config = loadConfigFile(file(good), env);
    expect(portFrom(config, {})).toBe(4010);
    expect(portFrom(config, { PORT: "5005" })).toBe(5005);
    expect(failure(() => portFrom(config, { PORT: "http" })).message).toBe('PORT must be an integer 0..65535, got "http"');
  });
});
