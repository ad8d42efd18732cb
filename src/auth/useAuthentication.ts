// The gate in front of the graph: every GraphQL request proves who it is before its body is
// parsed, so a refused request costs no parse, no validation and no vendor call. Clients send
// `Authorization: Bearer <credential>`; the credential is tried as an API key first (a constant-
// time lookup, src/auth/ApiKeyRing.ts), then, when it has a JWT's shape and `auth.jwt` is set, as
// a JWT (src/auth/JwtVerifier.ts). The header is all that is read, so a gateway that forwards it
// (federation) needs nothing else. GraphiQL's page, CORS preflights and other paths are answered
// before this hook and need no credentials.
import { createGraphQLError, type Plugin } from "graphql-yoga";
import type { RequestErrorCode } from "../errors/codes.js";
import type { AppConfig } from "../server/config.js";
import type { Logger } from "../vendors/http/deps.js";
import { ApiKeyRing } from "./ApiKeyRing.js";
import { JwtVerifier } from "./JwtVerifier.js";
import { OPEN_PRINCIPAL, type Principal } from "./Principal.js";

export type AuthConfig = NonNullable<AppConfig["auth"]>;

// Keyed by the request object yoga passes to every stage, so the context factory finds it.
const principals = new WeakMap<Request, Principal>();

/** The principal the gate admitted this request as; undefined when it did not pass the gate. */
export function principalOf(request: Request | undefined): Principal | undefined {
  return request ? principals.get(request) : undefined;
}

type Refusal = "missing" | "scheme" | "invalid" | "expired" | "no-expiry" | "unavailable";

const MESSAGES: Record<Refusal, string> = {
  missing: "Authentication required: send Authorization: Bearer <API key or JWT>.",
  scheme: "Authorization must be Bearer <API key or JWT>.",
  invalid: "Invalid credentials: the bearer token is neither a known API key nor a JWT this server accepts.",
  expired: "Invalid credentials: the JWT has expired.",
  "no-expiry": "Invalid credentials: the JWT has no exp claim; this server accepts only tokens that expire.",
  unavailable: "JWTs cannot be verified right now: the identity provider's keys (JWKS) could not be read. API keys still work.",
};

// Three base64url segments; anything else is not worth a JWKS lookup.
const JWT_SHAPE = /^[\w-]+\.[\w-]+\.[\w-]*$/;
const BEARER = /^Bearer +(\S+) *$/i;

function refuse(reason: Refusal): Error {
  if (reason === "unavailable") {
    // Not the client's fault: a 401 would send it to fetch a new token it does not need.
    return createGraphQLError(MESSAGES[reason], { extensions: { code: "AUTH_UNAVAILABLE" satisfies RequestErrorCode, http: { status: 503, headers: { "Retry-After": "5" } } } });
  }
  // RFC 6750: a challenge on every 401, with invalid_token once a token was sent.
  const challenge = reason === "missing" || reason === "scheme" ? 'Bearer realm="wecom-graph"' : 'Bearer realm="wecom-graph", error="invalid_token"';
  return createGraphQLError(MESSAGES[reason], { extensions: { code: "UNAUTHENTICATED" satisfies RequestErrorCode, http: { status: 401, headers: { "WWW-Authenticate": challenge } } } });
}

/**
 * The yoga plugin. Without `auth` (the built-in simulators) or with `auth.open`, every request
 * is admitted with every scope.
 */
export function useAuthentication(auth: AuthConfig | undefined, logger: Logger): Plugin {
  if (!auth || auth.open) {
    return {
      onRequestParse({ request }) {
        principals.set(request, OPEN_PRINCIPAL);
      },
    };
  }
  const keys = new ApiKeyRing(auth.apiKeys ?? []);
  const jwt = auth.jwt ? new JwtVerifier(auth.jwt, logger) : null;

  async function authenticate(request: Request, url: URL): Promise<Principal | Refusal> {
    const header = request.headers.get("authorization");
    if (header === null || header.trim() === "") return "missing";
    const token = BEARER.exec(header.trim())?.[1];
    if (token === undefined) return "scheme";
    const byKey = keys.match(token);
    if (byKey) return byKey;
    if (!jwt || !JWT_SHAPE.test(token)) return "invalid";
    const outcome = await jwt.verify(request, url, token);
    return outcome.ok ? outcome.principal : outcome.reason;
  }

  return {
    async onRequestParse({ request, url }) {
      const outcome = await authenticate(request, url);
      if (typeof outcome !== "string") {
        principals.set(request, outcome);
        return;
      }
      // Why, never what: the header's value stays out of the log.
      logger.warn({ reason: outcome, method: request.method }, "request refused: not authenticated");
      throw refuse(outcome);
    },
  };
}
