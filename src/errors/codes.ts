// The closed catalogue of error codes a client can see in `extensions.code` (README, Errors).
export const ERROR_CODES = [
  "UPSTREAM_ERROR",
  "UPSTREAM_TIMEOUT",
  "UPSTREAM_UNAUTHORIZED",
  "UPSTREAM_RATE_LIMITED",
  "VENDOR_NOT_CONFIGURED",
  "BAD_USER_INPUT",
  // A query refused for what it would cost (cost, depth, aliases, tokens, vendor-call budget);
  // the message says what to reduce.
  "QUERY_TOO_COMPLEX",
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/**
 * Codes of a request refused before anything runs (src/auth/, src/clients/): the response is that
 * one error and no data. UNAUTHENTICATED is HTTP 401; AUTH_UNAVAILABLE (JWTs cannot be checked:
 * the identity provider's keys are unreachable) is 503; RATE_LIMITED (the client is over its
 * `requestsPerMinute`) is 429 with Retry-After.
 */
export const REQUEST_ERROR_CODES = ["UNAUTHENTICATED", "AUTH_UNAVAILABLE", "PERSISTED_QUERY_NOT_FOUND", "PERSISTED_QUERY_ONLY", "REQUEST_ENTITY_TOO_LARGE", "BAD_REQUEST", "RATE_LIMITED"] as const;

export type RequestErrorCode = (typeof REQUEST_ERROR_CODES)[number];

/**
 * Codes graphql-js and yoga give, which we pass on as they are: a document that does not parse or
 * validate, and INTERNAL_SERVER_ERROR for anything we did not raise on purpose (its message masked,
 * src/server/errorBoundary.ts).
 */
export const GRAPHQL_ERROR_CODES = ["GRAPHQL_PARSE_FAILED", "GRAPHQL_VALIDATION_FAILED", "INTERNAL_SERVER_ERROR"] as const;

export type GraphqlErrorCode = (typeof GRAPHQL_ERROR_CODES)[number];

export const VENDORS = ["yunzhenji", "shiheng", "yunzhong", "directory"] as const;
export type Vendor = (typeof VENDORS)[number];
