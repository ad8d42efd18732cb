// The gate in front of the graph: every GraphQL request proves who it is before its body is
// parsed, so a refused request costs no parse, no validation and no vendor call. Clients send
// `Authorization: Bearer <credential>`; the credential is tried as an API key first (a constant-
// time lookup, src/auth/ApiKeyRing.ts), then, when it has a JWT's shape and `auth.jwt` is set, as
// a JWT (src/auth/JwtVerifier.ts). The header is all that is read, so a gateway that forwards it
// (federation) needs nothing else. GraphiQL's page, CORS preflights and other paths are answered
// before this hook and need no credentials.
import type { Plugin } from "graphql-yoga";
import type { RequestErrorCode } from "../errors/codes.js";
import type { AuthConfig } from "./accessConfig.js";
import type { Logger } from "../core/Logger.js";
import { ApiKeyRing } from "./ApiKeyRing.js";
import { JwtVerifier } from "./JwtVerifier.js";
import { OPEN_PRINCIPAL, type Principal } from "./Principal.js";


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

/**
 * The refusal, answered here rather than thrown into yoga: yoga would render an error in the
 * media type the request accepts, and a browser's `Accept: text/html` would turn the 401 into a
 * 406. The body is the JSON error README.md (Errors) shows, whatever the request accepts.
 */
function refusal(reason: Refusal, request: Request, fetchAPI: { Response: typeof Response }): Response {
  const accept = request.headers.get("accept") ?? "";
  const type = accept.includes("application/graphql-response+json") ? "application/graphql-response+json" : "application/json";
  const headers: Record<string, string> = { "content-type": `${type}; charset=utf-8` };
  let status = 401;
  let code: RequestErrorCode = "UNAUTHENTICATED";
  if (reason === "unavailable") {
    // Not the client's fault: a 401 would send it to fetch a new token it does not need.
    status = 503;
    code = "AUTH_UNAVAILABLE";
    headers["retry-after"] = "5";
  } else {
    // RFC 6750: a challenge on every 401, with invalid_token once a token was sent.
    headers["www-authenticate"] = reason === "missing" || reason === "scheme" ? 'Bearer realm="wecom-graph"' : 'Bearer realm="wecom-graph", error="invalid_token"';
  }
  return new fetchAPI.Response(JSON.stringify({ errors: [{ message: MESSAGES[reason], extensions: { code } }] }), { status, headers });
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
    async onRequestParse({ request, url, endResponse, fetchAPI }) {
      const outcome = await authenticate(request, url);
      if (typeof outcome !== "string") {
        principals.set(request, outcome);
        return;
      }
      // Why, never what: the header's value stays out of the log.
      logger.warn({ reason: outcome, method: request.method }, "request refused: not authenticated");
      endResponse(refusal(outcome, request, fetchAPI));
    },
  };
}
