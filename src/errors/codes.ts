// The closed catalogue of error codes a client can see in `extensions.code` (contract).
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

export const VENDORS = ["yunzhenji", "shiheng", "yunzhong", "directory"] as const;
export type Vendor = (typeof VENDORS)[number];
