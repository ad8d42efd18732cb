// JWTs from an identity provider, verified by @graphql-yoga/plugin-jwt against the provider's
// JWKS: signature (asymmetric algorithms only), issuer, audience, expiry. The plugin is not
// registered with yoga on its own: useAuthentication calls its request hook for the one bearer
// token that is not an API key, so API keys and JWTs share `Authorization: Bearer` and every
// refusal is the same 401 (the plugin alone would answer 400 for some bad headers and 500 for a
// token signed by a key the JWKS does not hold).
import { generateKeyPairSync } from "node:crypto";
import { createRequire } from "node:module";
import { RESERVED_NAMES } from "../core/CallClient.js";
import type * as PluginJwt from "@graphql-yoga/plugin-jwt";
import type { Logger } from "../core/Logger.js";
import type { Principal } from "./Principal.js";

export interface JwtConfig {
  jwksUrl: string;
  issuer: string;
  audience: string | string[];
  scopesClaim: string;
  clientClaim?: string | undefined;
}

export type JwtOutcome =
  | { ok: true; principal: Principal }
  /** `unavailable`: the JWKS could not be read, so no token can be checked right now. */
  | { ok: false; reason: "invalid" | "expired" | "no-expiry" | "unavailable" };

// A JWKS only ever holds public keys, so a symmetric algorithm (HS256 with the public key as
// the secret) or "none" must never verify.
const ALGORITHMS = ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512"] as const;
// Clocks of the provider and of this host disagree by a little.
const CLOCK_TOLERANCE_SECONDS = 30;
const JWKS_TIMEOUT_MS = 5_000;
const CONTEXT_FIELD = "verifiedJwt";

// A key id the JWKS does not hold is a token we did not issue, not an outage: the provider hands
// back this key, whose private half was thrown away, so the signature check fails as it should.
let noSuchKey: string | null = null;
const noSuchKeyPem = () => (noSuchKey ??= generateKeyPairSync("ec", { namedCurve: "P-256" }).publicKey.export({ type: "spki", format: "pem" }).toString());

// Loaded only when the config names a JWKS: the JWT stack (jsonwebtoken, jwks-rsa) holds about
// 20 MB of memory that a graph on API keys alone never uses.
const loadPluginJwt = () => createRequire(import.meta.url)("@graphql-yoga/plugin-jwt") as typeof PluginJwt;

type JwtPlugin = ReturnType<typeof PluginJwt.useJWT>;
type RequestParsePayload = Parameters<NonNullable<JwtPlugin["onRequestParse"]>>[0];

export class JwtVerifier {
  readonly #plugin: JwtPlugin;
  readonly #scopesClaim: string;
  readonly #clientClaims: readonly string[];
  // The token useAuthentication hands over, per request; the plugin's lookup reads only this.
  readonly #tokens = new WeakMap<Request, string>();

  constructor(config: JwtConfig, logger: Logger) {
    this.#scopesClaim = config.scopesClaim;
    this.#clientClaims = config.clientClaim ? [config.clientClaim] : ["azp", "sub"];
    const { createRemoteJwksSigningKeyProvider, useJWT } = loadPluginJwt();
    const remote = createRemoteJwksSigningKeyProvider({
      jwksUri: config.jwksUrl,
      cache: true,
      // An unknown key id refetches the JWKS (key rotation); the rate limit keeps a flood of
      // forged key ids from turning into a flood of JWKS requests.
      rateLimit: true,
      jwksRequestsPerMinute: 10,
      timeout: JWKS_TIMEOUT_MS,
    });
    this.#plugin = useJWT({
      signingKeyProviders: [
        async (kid) => {
          try {
            return await remote(kid);
          } catch (error) {
            const name = (error as Error).name;
            if (name === "SigningKeyNotFoundError" || name === "JwksRateLimitError") return noSuchKeyPem();
            throw error;
          }
        },
      ],
      tokenLookupLocations: [({ request }) => {
        const token = this.#tokens.get(request);
        return token === undefined ? undefined : { token, prefix: "Bearer" };
      }],
      tokenVerification: {
        algorithms: [...ALGORITHMS],
        issuer: config.issuer,
        audience: Array.isArray(config.audience) ? (config.audience as [string, ...string[]]) : config.audience,
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
      },
      // Refusals are ours to make (one 401 shape for keys and tokens alike).
      reject: { missingToken: false, invalidToken: false },
      extendContext: CONTEXT_FIELD,
    });
    // The plugin reports why a token failed through yoga's logger; ours gets the reason only
    // (jsonwebtoken's messages name the check, never the token).
    const detail = (args: unknown[]) => ({ detail: args.slice(1).map((a) => (a instanceof Error ? a.message : String(a))).join("; ") });
    const pluginLogger = {
      debug: (...args: unknown[]) => logger.debug(detail(args), `jwt: ${String(args[0])}`),
      info: (...args: unknown[]) => logger.debug(detail(args), `jwt: ${String(args[0])}`),
      warn: (...args: unknown[]) => logger.debug(detail(args), `jwt: ${String(args[0])}`),
      error: (...args: unknown[]) => logger.warn(detail(args), `jwt: ${String(args[0])}`),
    };
    this.#plugin.onYogaInit?.({ yoga: { logger: pluginLogger, fetchAPI: { URL } } } as never);
  }

  async verify(request: Request, url: URL, token: string): Promise<JwtOutcome> {
    this.#tokens.set(request, token);
    // A fresh object, not the server context: what the plugin writes there is this request's only.
    const scratch: Record<string, unknown> = {};
    try {
      await this.#plugin.onRequestParse?.({ request, url, serverContext: scratch } as unknown as RequestParsePayload);
    } catch {
      // The plugin throws a plain error only when no signing key could be had at all.
      return { ok: false, reason: "unavailable" };
    } finally {
      this.#tokens.delete(request);
    }
    const verified = scratch[CONTEXT_FIELD] as { payload?: Record<string, unknown> } | undefined;
    const payload = verified?.payload;
    if (!payload) return { ok: false, reason: expiredClaim(token) ? "expired" : "invalid" };
    // A token that never expires is a password by another name: refuse it.
    if (typeof payload["exp"] !== "number") return { ok: false, reason: "no-expiry" };
    return { ok: true, principal: Object.freeze({ kind: "jwt", name: subjectOf(payload), client: clientOf(payload, this.#clientClaims), scopes: new Set(scopesOf(payload[this.#scopesClaim])) }) };
  }
}

/**
 * The client a token is charged to. A token cannot claim one of the graph's own clients (their
 * calls go first): such a value, or none at all, is charged as `jwt:<value>` / `jwt`.
 */
function clientOf(payload: Record<string, unknown>, claims: readonly string[]): string {
  for (const claim of claims) {
    const value = payload[claim];
    if (typeof value === "string" && value !== "") return RESERVED_NAMES.includes(value) ? `jwt:${value}` : value;
  }
  return "jwt";
}

function subjectOf(payload: Record<string, unknown>): string {
  for (const claim of ["sub", "client_id", "azp"]) {
    const value = payload[claim];
    if (typeof value === "string" && value !== "") return `jwt:${value}`;
  }
  return "jwt";
}

/** OAuth's `scope` is a space-separated string; `scp` and `permissions` are arrays. */
function scopesOf(claim: unknown): string[] {
  if (typeof claim === "string") return claim.split(/\s+/).filter(Boolean);
  if (Array.isArray(claim)) return claim.filter((s): s is string => typeof s === "string");
  return [];
}

// Only to word the refusal: a token whose (unverified) exp is past gets "expired", so a client
// knows to fetch a new one. Nothing is trusted from it.
function expiredClaim(token: string): boolean {
  try {
    const payload = JSON.parse(Buffer.from(token.split(".")[1] ?? "", "base64url").toString("utf8")) as { exp?: unknown };
    return typeof payload.exp === "number" && payload.exp + CLOCK_TOLERANCE_SECONDS < Date.now() / 1000;
  } catch {
    return false;
  }
}
