// The access part of the config file: `auth` is required with a file (or an explicit open graph),
// bad access settings stop the start naming the key and never a key's value; `host` / HOST pick
// the bind address; WECOM_GRAPH_API_KEY puts a key on the simulators' graph.
import { afterAll, describe, expect, it } from "vitest";
import { hostFrom } from "../../src/server/cli.js";
import { ConfigError } from "../../src/core/ConfigError.js";
import { loadConfigFile } from "../../src/server/loadConfig.js";
import { configSchema } from "../../src/server/config.js";
import { startServer, type RunningServer } from "../../src/server/startServer.js";
import { captureLogger } from "../helpers/captureLogger.js";
import { writeConfig } from "../helpers/writeConfig.js";

const SECRET = "s3cret-key-value-77aa0b";
const base = { vendors: {}, corps: [] };

function failure(content: unknown, env: Record<string, string> = {}): string {
  try {
    loadConfigFile(writeConfig(content), env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).not.toContain(SECRET);
    return message;
  }
  throw new Error("expected a ConfigError");
}

describe("access settings in a config file", () => {
  it("a config file without auth stops the start, saying what to add", () => {
    expect(failure(base)).toContain('auth: required with a config file: give auth.apiKeys and/or auth.jwt, or "auth": { "open": true } to serve without authentication on purpose');
  });

  it("auth must say something, and open excludes keys", () => {
    expect(failure({ ...base, auth: {} })).toContain('auth: give apiKeys and/or jwt, or "open": true to serve without authentication on purpose');
    expect(failure({ ...base, auth: { apiKeys: [] } })).toContain("auth: give apiKeys");
    expect(failure({ ...base, auth: { open: true, apiKeys: [{ name: "a", key: SECRET }] } })).toContain("auth.open: true serves without authentication");
  });

  it("bad keys are named by path, never shown", () => {
    const env = { K: SECRET };
    expect(failure({ ...base, auth: { apiKeys: [{ name: "a", key: "short" }] } })).toContain("auth.apiKeys[0].key: must be at least 16 characters");
    expect(failure({ ...base, auth: { apiKeys: [{ name: "a", key: "${K}" }, { name: "b", key: "${K}" }] } }, env)).toContain("auth.apiKeys[1].key: the same key as auth.apiKeys[0]");
    expect(failure({ ...base, auth: { apiKeys: [{ name: "a", key: "${K}" }, { name: "a", key: `${SECRET}-2` }] } }, env)).toContain("auth.apiKeys[1].name: the same name as auth.apiKeys[0]");
    expect(failure({ ...base, auth: { apiKeys: [{ name: "a", key: "${K}", scopes: ["PII"] }] } }, env)).toContain("auth.apiKeys[0].scopes[0]");
    expect(failure({ ...base, auth: { apiKeys: [{ name: "a", key: "${K}", secret: SECRET }] } }, env)).toContain("auth.apiKeys[0].secret: unknown key");
    expect(failure({ ...base, auth: { apiKeys: [{ name: "a", key: "${NOPE}" }] } })).toContain("auth.apiKeys[0].key uses ${NOPE}");
  });

  it("jwt settings, CORS origins and GraphiQL with persisted-only are checked", () => {
    expect(failure({ ...base, auth: { jwt: { jwksUrl: "ftp://idp", issuer: "x", audience: "y" } } })).toContain("auth.jwt.jwksUrl");
    expect(failure({ ...base, auth: { jwt: { jwksUrl: "https://idp.test/jwks", audience: "y" } } })).toContain("auth.jwt.issuer");
    const open = { ...base, auth: { open: true } };
    expect(failure({ ...open, cors: { origins: ["https://crm.example.cn/"] } })).toContain('cors.origins[0]: must be an origin such as "https://crm.example.cn"');
    expect(failure({ ...open, cors: { origins: ["*", "https://crm.example.cn"] } })).toContain('cors.origins: "*" allows every origin, so it must be the only entry');
    expect(failure({ ...open, graphiql: true, persistedDocuments: { file: "x.json", only: true } })).toContain("graphiql: true conflicts with persistedDocuments.only");
    expect(failure({ ...open, hots: "0.0.0.0" })).toContain("hots: unknown key");
  });

  it("a file's browser defaults are closed; the simulators' are open", () => {
    const file = loadConfigFile(writeConfig({ ...base, auth: { apiKeys: [{ name: "a", key: SECRET }] } }));
    expect(file).toMatchObject({ graphiql: false, introspection: false, cors: { origins: [] }, auth: { open: false, apiKeys: [{ name: "a", key: SECRET, scopes: [] }] } });
    const simulators = configSchema.parse({});
    expect([simulators.graphiql, simulators.introspection, simulators.cors, simulators.auth]).toEqual([undefined, undefined, undefined, undefined]);
  });

  it("HOST wins over host; neither means every interface", () => {
    const config = loadConfigFile(writeConfig({ ...base, host: "127.0.0.1", auth: { open: true } }));
    expect(hostFrom(config, {})).toBe("127.0.0.1");
    expect(hostFrom(config, { HOST: "0.0.0.0" })).toBe("0.0.0.0");
    expect(hostFrom(configSchema.parse({}), {})).toBeNull();
    expect(() => hostFrom(config, { HOST: "local host" })).toThrow('HOST must be an address or host name without spaces, got "local host"');
  });
});

describe("start-up with access settings", () => {
  const running: RunningServer[] = [];
  afterAll(async () => {
    for (const server of running) await server.close();
  });

  it("binds to the configured host, and HOST overrides it", async () => {
    const path = writeConfig({ ...base, port: 0, host: "localhost", auth: { open: true } });
    const fromFile = await startServer({ argv: ["--config", path], env: {} });
    running.push(fromFile);
    expect(fromFile.url).toMatch(/^http:\/\/localhost:\d+$/);
    const fromEnv = await startServer({ argv: ["--config", path], env: { HOST: "127.0.0.1" } });
    running.push(fromEnv);
    expect(fromEnv.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const res = await fetch(fromEnv.graphqlUrl, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query: "{ __typename }" }) });
    expect(await res.json()).toEqual({ data: { __typename: "Query" } });
  });

  it("WECOM_GRAPH_API_KEY puts a key on the simulators' graph: 401 without it, data with it; WECOM_GRAPH_API_KEY_SCOPES sets its scopes", async () => {
    const logs = captureLogger();
    const server = await startServer({ env: { PORT: "0", SIM_PORT: "0", WECOM_GRAPH_API_KEY: SECRET, WECOM_GRAPH_API_KEY_SCOPES: "" }, logger: logs });
    running.push(server);
    const employee = server.simulators!.dataset.employees.find((e) => server.simulators!.dataset.corps.some((c) => c.mapped && c.corpId === e.corpId))!;
    const post = (headers: Record<string, string>) =>
      fetch(server.graphqlUrl, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify({ query: `{ employee(corpId: "${employee.corpId}", userId: "${employee.userId}") { name mobile } }` }) });
    const refused = await post({});
    expect(refused.status).toBe(401);
    expect((await refused.json()).errors[0].extensions.code).toBe("UNAUTHENTICATED");
    const admitted = await post({ authorization: `Bearer ${SECRET}` });
    expect(await admitted.json()).toEqual({ data: { employee: { name: employee.name, mobile: `${employee.mobile.slice(0, 3)}****${employee.mobile.slice(-4)}` } } });
    expect(logs.text()).not.toContain(SECRET);
  });

  it("a WECOM_GRAPH_API_KEY too short to be a key stops the start without showing it", async () => {
    const error = await startServer({ env: { PORT: "0", SIM_PORT: "0", WECOM_GRAPH_API_KEY: "tiny-key" } }).then(
      (s) => (running.push(s), null),
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toBe("WECOM_GRAPH_API_KEY must be at least 16 characters (e.g. what `openssl rand -hex 24` prints)");
  });
});
