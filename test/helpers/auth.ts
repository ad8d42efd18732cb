// Shared setup for the access tests: a real server on port 0 started from a real config file
// (so the file's rules apply: auth required, browser defaults closed) over real simulators, a
// capturing logger, and a JWKS served by the test with keys it signs tokens with.
import { createServer, type Server } from "node:http";
import { generateKeyPairSync, sign, type KeyObject } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startServer, type RunningServer } from "../../src/server/startServer.js";
import { simulatorConfig } from "../../src/simulators/simulatorConfig.js";
import { startSimulators, type RunningSimulators, type SimStats } from "../../src/simulators/startSimulators.js";
import type { Logger } from "../../src/core/Logger.js";
import { captureLogger, type CapturedLogger } from "./captureLogger.js";
import { writeConfig } from "./writeConfig.js";

export interface Answer {
  status: number;
  headers: Headers;
  body: any;
}

export interface PostOptions {
  key?: string;
  headers?: Record<string, string>;
  variables?: Record<string, unknown>;
}

export interface ConfiguredGraph {
  server: RunningServer;
  sim: RunningSimulators;
  configPath: string;
  logs: CapturedLogger;
  post(query: string, options?: PostOptions): Promise<Answer>;
  postBody(body: Record<string, unknown>, options?: PostOptions): Promise<Answer>;
  /** Vendor data calls (token fetches left out) made while `run` ran. */
  vendorCalls(run: () => Promise<unknown>): Promise<number>;
  close(): Promise<void>;
}

/** The simulators plus a server started from a config file: the simulators' vendors, corps and `extra`. */
export async function startConfiguredGraph(extra: Record<string, unknown>, options: { env?: Record<string, string>; sim?: RunningSimulators; dir?: string } = {}): Promise<ConfiguredGraph> {
  const sim = options.sim ?? (await startSimulators({ size: "small" }));
  const configPath = writeConfig({ ...simulatorConfig(sim.url, sim.dataset), port: 0, ...extra }, options.dir);
  const logs = captureLogger();
  const server = await startServer({ argv: ["--config", configPath], env: options.env ?? {}, logger: logs });
  const postBody = async (body: Record<string, unknown>, o: PostOptions = {}): Promise<Answer> => {
    const headers: Record<string, string> = { "content-type": "application/json", accept: "application/graphql-response+json, application/json", ...(o.key ? { authorization: `Bearer ${o.key}` } : {}), ...o.headers };
    const res = await fetch(server.graphqlUrl, { method: "POST", headers, body: JSON.stringify(body) });
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : null };
  };
  return {
    server,
    sim,
    configPath,
    logs,
    post: (query, o = {}) => postBody({ query, ...(o.variables ? { variables: o.variables } : {}) }, o),
    postBody,
    vendorCalls: async (run) => {
      const before = allCalls(sim.stats());
      await run();
      return allCalls(sim.stats()) - before;
    },
    close: async () => {
      await server.close();
      if (!options.sim) await sim.close();
    },
  };
}

/** Every vendor request, token fetches included. */
function allCalls(stats: SimStats): number {
  return stats.yunzhenji["wechat/list"] + stats.yunzhenji["oauth/token"] + stats.shiheng["employee/list"] + stats.yunzhong.getList + stats.directory.getUser;
}

// --- JWTs -------------------------------------------------------------------------------------

export interface SigningKey {
  kid: string;
  alg: "RS256" | "ES256";
  privateKey: KeyObject;
  /** The public half as a JWK, as a JWKS lists it. */
  jwk: Record<string, unknown>;
}

export function signingKey(kid: string, alg: "RS256" | "ES256" = "RS256"): SigningKey {
  const { privateKey, publicKey } = alg === "RS256" ? generateKeyPairSync("rsa", { modulusLength: 2048 }) : generateKeyPairSync("ec", { namedCurve: "P-256" });
  return { kid, alg, privateKey, jwk: { ...publicKey.export({ format: "jwk" }), kid, alg, use: "sig" } };
}

const b64url = (value: unknown) => Buffer.from(typeof value === "string" ? value : JSON.stringify(value)).toString("base64url");

/** A compact JWS signed with `key`; `header` overrides the protected header (kid, alg). */
export function signJwt(key: SigningKey, payload: Record<string, unknown>, header: Record<string, unknown> = {}): string {
  const input = `${b64url({ alg: key.alg, typ: "JWT", kid: key.kid, ...header })}.${b64url(payload)}`;
  const signature = key.alg === "RS256" ? sign("sha256", Buffer.from(input), key.privateKey) : sign("sha256", Buffer.from(input), { key: key.privateKey, dsaEncoding: "ieee-p1363" });
  return `${input}.${signature.toString("base64url")}`;
}

/** An HS256 token whose secret is the given text (the "public key as HMAC secret" attack). */
export async function signHs256(secret: string, payload: Record<string, unknown>, kid: string): Promise<string> {
  const { createHmac } = await import("node:crypto");
  const input = `${b64url({ alg: "HS256", typ: "JWT", kid })}.${b64url(payload)}`;
  return `${input}.${createHmac("sha256", secret).update(input).digest("base64url")}`;
}

export interface JwksServer {
  url: string;
  requests: number;
  /** Answer HTTP 500 from now on (the identity provider is down). */
  failing: boolean;
  close(): Promise<void>;
}

export async function startJwks(keys: SigningKey[]): Promise<JwksServer> {
  const state = { requests: 0, failing: false };
  const server: Server = createServer((req, res) => {
    state.requests += 1;
    if (state.failing || req.url !== "/.well-known/jwks.json") {
      res.writeHead(state.failing ? 500 : 404).end();
      return;
    }
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ keys: keys.map((k) => k.jwk) }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/.well-known/jwks.json`,
    get requests() {
      return state.requests;
    },
    get failing() {
      return state.failing;
    },
    set failing(value: boolean) {
      state.failing = value;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export const now = () => Math.floor(Date.now() / 1000);
