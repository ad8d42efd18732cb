// Authentication through a real server on port 0 started from a config file: API keys and JWTs
// (verified against a JWKS this test serves) in `Authorization: Bearer`, and every refusal a 401
// with the body README.md (Errors) shows, made before any vendor call (simulator counters) and logged without
// the credential.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulators, type RunningSimulators } from "../../src/simulators/startSimulators.js";
import { now, signHs256, signingKey, signJwt, startConfiguredGraph, startJwks, type ConfiguredGraph, type JwksServer, type SigningKey } from "../helpers/auth.js";

const CRM_KEY = "crm-web-key-1f0c7a9e5d";
const REPORT_KEY = "reports-key-88b2d4c6a1";
const ISSUER = "https://idp.example.cn";
const AUDIENCE = "wecom-graph";
const QUERY = "{ corps { corpId name } }";

const unauthenticated = (message: string) => ({ errors: [{ message, extensions: { code: "UNAUTHENTICATED" } }] });
const MESSAGES = {
  missing: "Authentication required: send Authorization: Bearer <API key or JWT>.",
  scheme: "Authorization must be Bearer <API key or JWT>.",
  invalid: "Invalid credentials: the bearer token is neither a known API key nor a JWT this server accepts.",
  expired: "Invalid credentials: the JWT has expired.",
  noExpiry: "Invalid credentials: the JWT has no exp claim; this server accepts only tokens that expire.",
};

describe("authentication (API keys and JWTs from a JWKS)", () => {
  let sim: RunningSimulators;
  let jwks: JwksServer;
  let graph: ConfiguredGraph;
  let key: SigningKey;
  let ecKey: SigningKey;
  let other: SigningKey;
  let corps: { corpId: string; name: string }[];

  const claims = (extra: Record<string, unknown> = {}) => ({ iss: ISSUER, aud: AUDIENCE, sub: "user-42", exp: now() + 600, iat: now(), scope: "openid pii", ...extra });

  beforeAll(async () => {
    sim = await startSimulators({ size: "small" });
    key = signingKey("key-2025", "RS256");
    other = signingKey("key-2025", "RS256"); // same kid, another key pair: a token we did not issue
    ecKey = signingKey("ec-key", "ES256");
    jwks = await startJwks([key, ecKey]);
    graph = await startConfiguredGraph(
      {
        auth: {
          apiKeys: [
            { name: "crm-web", key: "${CRM_KEY}", scopes: ["pii"] },
            { name: "reports", key: "${REPORT_KEY}" },
          ],
          jwt: { jwksUrl: jwks.url, issuer: ISSUER, audience: AUDIENCE, scopesClaim: "scope" },
        },
      },
      { sim, env: { CRM_KEY, REPORT_KEY } },
    );
    corps = sim.dataset.corps.filter((c) => c.mapped).map((c) => ({ corpId: c.corpId, name: c.name }));
  });

  afterAll(async () => {
    await graph?.close();
    await jwks?.close();
    await sim?.close();
  });

  it("admits each configured API key", async () => {
    for (const k of [CRM_KEY, REPORT_KEY]) {
      const answer = await graph.post(QUERY, { key: k });
      expect(answer.status).toBe(200);
      expect(answer.body).toEqual({ data: { corps } });
    }
  });

  it("refuses a request without credentials: 401, the README's body, a Bearer challenge, and no vendor call", async () => {
    let answer = null as Awaited<ReturnType<ConfiguredGraph["post"]>> | null;
    // A query that would call every vendor, had it run.
    const calls = await graph.vendorCalls(async () => {
      answer = await graph.post("{ corps { employees(first: 1) { totalCount } customers(first: 1) { totalCount } accounts(first: 1) { totalCount } } }");
    });
    expect(answer!.status).toBe(401);
    expect(answer!.body).toEqual(unauthenticated(MESSAGES.missing));
    expect(answer!.headers.get("www-authenticate")).toBe('Bearer realm="wecom-graph"');
    expect(calls).toBe(0);
  });

  it("refuses wrong keys, near misses of a real key and other schemes, before any vendor call", async () => {
    const cases: [Record<string, string>, string][] = [
      [{ authorization: "Bearer not-a-key-at-all-0000" }, MESSAGES.invalid],
      [{ authorization: `Bearer ${CRM_KEY.slice(0, -1)}` }, MESSAGES.invalid],
      [{ authorization: `Bearer ${CRM_KEY}x` }, MESSAGES.invalid],
      [{ authorization: `Bearer ${CRM_KEY.toUpperCase()}` }, MESSAGES.invalid],
      [{ authorization: `Basic ${Buffer.from(`user:${CRM_KEY}`).toString("base64")}` }, MESSAGES.scheme],
      [{ authorization: CRM_KEY }, MESSAGES.scheme],
      [{ authorization: "Bearer" }, MESSAGES.scheme],
      [{ authorization: "Bearer " }, MESSAGES.scheme],
    ];
    const calls = await graph.vendorCalls(async () => {
      for (const [headers, message] of cases) {
        const answer = await graph.post("{ accounts(first: 1) { totalCount } }", { headers });
        expect(answer.status, JSON.stringify(headers)).toBe(401);
        expect(answer.body).toEqual(unauthenticated(message));
      }
    });
    expect(calls).toBe(0);
  });

  it("admits a JWT signed by a key of the JWKS, with the issuer and audience configured (RS256 and ES256)", async () => {
    const answer = await graph.post(QUERY, { key: signJwt(key, claims()) });
    expect(answer).toMatchObject({ status: 200, body: { data: { corps } } });
    expect(await graph.post(QUERY, { key: signJwt(ecKey, claims()) })).toMatchObject({ status: 200, body: { data: { corps } } });
    // The JWKS holds "ec-key": a token signed by another key under that kid must fail...
    expect((await graph.post(QUERY, { key: signJwt(signingKey("ec-key", "ES256"), claims()) })).status).toBe(401);
    // ...and the audience may be one of a list.
    expect((await graph.post(QUERY, { key: signJwt(key, claims({ aud: ["other-api", AUDIENCE] })) })).status).toBe(200);
  });

  it("refuses expired, foreign, mis-addressed and forged JWTs with a 401 and no vendor call", async () => {
    const publicPem = JSON.stringify(key.jwk);
    const cases: [string, string, string][] = [
      ["expired", signJwt(key, claims({ exp: now() - 3600, iat: now() - 7200 })), MESSAGES.expired],
      ["foreign key, same kid", signJwt(other, claims()), MESSAGES.invalid],
      ["unknown kid", signJwt(signingKey("someone-elses"), claims(), { kid: "someone-elses" }), MESSAGES.invalid],
      ["no kid (the JWKS has two keys)", signJwt(key, claims(), { kid: undefined }), MESSAGES.invalid],
      ["other issuer", signJwt(key, claims({ iss: "https://evil.example.com" })), MESSAGES.invalid],
      ["other audience", signJwt(key, claims({ aud: "another-api" })), MESSAGES.invalid],
      ["not yet valid", signJwt(key, claims({ nbf: now() + 3600 })), MESSAGES.invalid],
      ["no expiry", signJwt(key, { iss: ISSUER, aud: AUDIENCE, sub: "forever" }), MESSAGES.noExpiry],
      ["alg none", `${Buffer.from(JSON.stringify({ alg: "none", kid: key.kid })).toString("base64url")}.${Buffer.from(JSON.stringify(claims())).toString("base64url")}.`, MESSAGES.invalid],
      ["HS256 with the public key as secret", await signHs256(publicPem, claims(), key.kid), MESSAGES.invalid],
      ["tampered payload", (() => { const [h, , s] = signJwt(key, claims()).split("."); return `${h}.${Buffer.from(JSON.stringify(claims({ scope: "pii admin" }))).toString("base64url")}.${s}`; })(), MESSAGES.invalid],
    ];
    const calls = await graph.vendorCalls(async () => {
      for (const [name, token, message] of cases) {
        const answer = await graph.post("{ accounts(first: 1) { totalCount } }", { key: token });
        expect(answer.status, name).toBe(401);
        expect(answer.body, name).toEqual(unauthenticated(message));
        expect(answer.headers.get("www-authenticate"), name).toBe('Bearer realm="wecom-graph", error="invalid_token"');
      }
    });
    expect(calls).toBe(0);
  });

  it("reads the JWKS once and keeps it; forged key ids cannot make it refetch more than its rate limit", async () => {
    const before = jwks.requests;
    for (let i = 0; i < 3; i++) expect((await graph.post(QUERY, { key: signJwt(key, claims({ sub: `u${i}` })) })).status).toBe(200);
    expect(jwks.requests - before).toBe(0);
    for (let i = 0; i < 20; i++) expect((await graph.post(QUERY, { key: signJwt(key, claims(), { kid: `forged-${i}` }) })).status).toBe(401);
    // jwks-rsa's limiter: 10 fetches a minute, some already spent above.
    expect(jwks.requests - before).toBeLessThanOrEqual(10);
  });

  it("logs each refusal with its reason, never a key or a token", async () => {
    const token = signJwt(key, claims({ exp: now() - 10_000 }));
    await graph.post(QUERY, { key: token });
    await graph.post(QUERY, { key: "Bearer-wrong-key-feed" });
    const refusals = graph.logs.lines.filter((l) => l.msg === "request refused: not authenticated").map((l) => (l.obj as { reason: string }).reason);
    expect(refusals).toEqual(expect.arrayContaining(["missing", "invalid", "scheme", "expired", "no-expiry"]));
    const text = graph.logs.text();
    for (const secret of [CRM_KEY, REPORT_KEY, token, token.split(".")[2]!, "Bearer-wrong-key-feed"]) expect(text).not.toContain(secret);
  });
});

describe("authentication when the identity provider is unreachable", () => {
  let jwks: JwksServer;
  let graph: ConfiguredGraph;
  const KEY = "fallback-key-9c3e51aa07";

  beforeAll(async () => {
    const key = signingKey("k1");
    jwks = await startJwks([key]);
    jwks.failing = true;
    graph = await startConfiguredGraph({ auth: { apiKeys: [{ name: "svc", key: KEY }], jwt: { jwksUrl: jwks.url, issuer: ISSUER, audience: AUDIENCE } } });
    (graph as { token?: string }).token = signJwt(key, { iss: ISSUER, aud: AUDIENCE, sub: "x", exp: now() + 600 });
  });

  afterAll(async () => {
    await graph?.close();
    await jwks?.close();
  });

  it("answers 503 AUTH_UNAVAILABLE for a JWT (not a 401 that would send the client for a new token), and API keys still work", async () => {
    const token = (graph as { token?: string }).token!;
    const answer = await graph.post(QUERY, { key: token });
    expect(answer.status).toBe(503);
    expect(answer.body).toEqual({
      errors: [{ message: "JWTs cannot be verified right now: the identity provider's keys (JWKS) could not be read. API keys still work.", extensions: { code: "AUTH_UNAVAILABLE" } }],
    });
    expect(answer.headers.get("retry-after")).toBe("5");
    expect((await graph.post(QUERY, { key: KEY })).status).toBe(200);
    jwks.failing = false;
    expect((await graph.post(QUERY, { key: token })).status).toBe(200);
  });
});

describe("an open graph", () => {
  it("`auth.open: true` serves without credentials, and ignores any Authorization header", async () => {
    const graph = await startConfiguredGraph({ auth: { open: true } });
    try {
      const corps = graph.sim.dataset.corps.filter((c) => c.mapped).map((c) => ({ corpId: c.corpId }));
      expect(await graph.post("{ corps { corpId } }")).toMatchObject({ status: 200, body: { data: { corps } } });
      expect(await graph.post("{ corps { corpId } }", { key: "whatever-it-says-here" })).toMatchObject({ status: 200, body: { data: { corps } } });
    } finally {
      await graph.close();
    }
  });
});
