// The access part of the config file (README, Configuration): who may call the graph and what a
// browser and a schema explorer get. src/server/config.ts composes it into the whole schema; the
// access code takes the parsed values, typed here, so it needs nothing of the server's.
import { z } from "zod";
import { RESERVED_NAMES } from "../core/CallClient.js";

// Access (src/auth/): who may call the graph and what they may see. Key values are secrets: no
// message here names one (zod's messages never echo the input).
const SCOPES = ["pii"] as const;

const apiKey = z.strictObject({
  /** Shown in logs and start-up lines instead of the key, and the client its requests are charged to. */
  name: z
    .string()
    .min(1)
    .max(100)
    .refine((name) => !RESERVED_NAMES.includes(name), { message: `must not be one of ${RESERVED_NAMES.join(", ")}: the graph's own clients have those names` }),
  key: z.string().min(16, "must be at least 16 characters (e.g. what `openssl rand -hex 24` prints)"),
  scopes: z.array(z.enum(SCOPES)).default([]),
});

const jwt = z.strictObject({
  jwksUrl: z.url({ protocol: /^https?$/ }),
  issuer: z.string().min(1),
  audience: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]),
  /** The claim that lists the token's scopes: a space-separated string (OAuth `scope`) or an array. */
  scopesClaim: z.string().min(1).default("scope"),
  /** The claim that names the calling client (README, Sharing the vendors' quotas); absent: `azp`, then `sub`. */
  clientClaim: z.string().min(1).optional(),
});

export const authSchema = z
  .strictObject({
    apiKeys: z.array(apiKey).optional(),
    jwt: jwt.optional(),
    /** Serve without authentication on purpose: every caller has every scope. */
    open: z.boolean().default(false),
  })
  .superRefine((a, ctx) => {
    const keys = a.apiKeys ?? [];
    if (a.open && (keys.length > 0 || a.jwt)) {
      ctx.addIssue({ code: "custom", path: ["open"], message: "true serves without authentication, so apiKeys and jwt would never be asked for: remove them or set open to false" });
    }
    if (!a.open && keys.length === 0 && !a.jwt) {
      ctx.addIssue({ code: "custom", message: 'give apiKeys and/or jwt, or "open": true to serve without authentication on purpose' });
    }
    keys.forEach((k, i) => {
      const sameName = keys.findIndex((o) => o.name === k.name);
      if (sameName < i) ctx.addIssue({ code: "custom", path: ["apiKeys", i, "name"], message: `the same name as auth.apiKeys[${sameName}]: names tell keys apart in logs` });
      const sameKey = keys.findIndex((o) => o.key === k.key);
      if (sameKey < i) ctx.addIssue({ code: "custom", path: ["apiKeys", i, "key"], message: `the same key as auth.apiKeys[${sameKey}]: give each client its own key` });
    });
  });

// An origin is scheme://host[:port]: what a browser sends in its Origin header, so no path.
const origin = z.string().refine((value) => value === "*" || (URL.canParse(value) && new URL(value).origin === value), {
  message: 'must be an origin such as "https://crm.example.cn" (scheme, host, optional port; no path or trailing slash), or "*"',
});

export const corsSchema = z.strictObject({
  origins: z
    .array(origin)
    .default([])
    .refine((list) => !list.includes("*") || list.length === 1, { message: '"*" allows every origin, so it must be the only entry' }),
});

export const persistedDocumentsSchema = z.strictObject({
  /** The manifest `npm run codegen` writes (hash -> document); relative to the config file. */
  file: z.string().min(1),
  /** Run nothing but the manifest's documents. */
  only: z.boolean().default(false),
});

export type AuthConfig = z.output<typeof authSchema>;

/** What the access code reads of a parsed config. */
export interface AccessConfig {
  auth?: AuthConfig | undefined;
  cors?: z.output<typeof corsSchema> | undefined;
  graphiql?: boolean | undefined;
  introspection?: boolean | undefined;
  persistedDocuments?: z.output<typeof persistedDocumentsSchema> | undefined;
}
