// The config file README.md (Configuration) documents. Validation is strict: an unknown key or a bad value stops the
// start with the key path named, never with a secret in the message. A concern's part, with its
// defaults, is in the concern's own folder (auth/accessConfig.ts, cache/cacheConfig.ts,
// limits/limitsConfig.ts, live/liveConfig.ts, quota/quotaConfig.ts); this file composes them.
import { z } from "zod";
import { authSchema, corsSchema, persistedDocumentsSchema } from "../auth/accessConfig.js";
import { cacheSchema } from "../cache/cacheConfig.js";
import { clientsSchema } from "../clients/clientsConfig.js";
import { limitsSchema } from "../limits/limitsConfig.js";
import { liveSchema } from "../live/liveConfig.js";
import { quotaKeys } from "../quota/quotaConfig.js";

const headers = z.record(z.string(), z.string());
const baseUrl = z.url({ protocol: /^https?$/ });
const timeoutMs = z.number().int().positive().max(120_000);

const yunzhenji = z
  .strictObject({
    baseUrl,
    appId: z.string().min(1),
    appSecret: z.string().min(1).optional(),
    accessToken: z.string().min(1).optional(),
    timeoutMs: timeoutMs.optional(),
    headers: headers.optional(),
    ...quotaKeys,
  })
  .refine((v) => Boolean(v.appSecret) !== Boolean(v.accessToken), {
    message: "give exactly one of appSecret (token flow) or accessToken (fixed token)",
  });

const shiheng = z.strictObject({
  baseUrl,
  appId: z.string().min(1),
  appSecret: z.string().min(1),
  version: z.string().min(1).default("1.0"),
  employeeListPath: z.string().startsWith("/").default("/open/api/wecom/employee/list"),
  timeoutMs: timeoutMs.optional(),
  headers: headers.optional(),
  ...quotaKeys,
});

const plainVendor = z.strictObject({
  baseUrl,
  timeoutMs: timeoutMs.optional(),
  headers: headers.optional(),
  ...quotaKeys,
});

const corp = z.strictObject({
  corpId: z.string().min(1),
  name: z.string().optional(),
  shortName: z.string().optional(),
  yunzhenji: z.strictObject({ corpId: z.number().int() }).optional(),
  yunzhong: z.strictObject({ uniacid: z.number().int(), cropId: z.number().int() }).optional(),
});

export const configSchema = z.strictObject({
  port: z.number().int().min(0).max(65535).default(4000),
  /** The bind address; HOST in the environment wins. Absent: every interface. */
  host: z.string().min(1).optional(),
  // Absent here means the built-in simulators' open, browsable graph; a config file is held to
  // fileConfigSchema below, which requires auth and closes the browser defaults.
  auth: authSchema.optional(),
  cors: corsSchema.optional(),
  graphiql: z.boolean().optional(),
  introspection: z.boolean().optional(),
  persistedDocuments: persistedDocumentsSchema.optional(),
  vendors: z
    .strictObject({
      yunzhenji: yunzhenji.optional(),
      shiheng: shiheng.optional(),
      yunzhong: plainVendor.optional(),
      directory: plainVendor.optional(),
    })
    .default({}),
  corps: z.array(corp).default([]),
  /** Shared state of a cluster of replicas (quotas, the yunzhenji token, the cache); absent = in process. */
  redis: z
    .strictObject({
      url: z.url({ protocol: /^rediss?$/ }),
      keyPrefix: z.string().default("wecom-graph:"),
    })
    .optional(),
  /** What one request may cost (src/limits): see README "Operating it". */
  limits: limitsSchema,
  /** On SIGTERM/SIGINT, how long in-flight requests may take to finish before the process exits anyway. */
  shutdownGraceMs: z.number().int().min(0).max(600_000).default(10_000),
  /** Vendor answers kept across requests and replicas (src/cache/); every TTL 0 = off. */
  cache: cacheSchema,
  /** Subscriptions (src/live) poll the vendors this often while anyone subscribes. */
  live: liveSchema,
  /** Who shares the vendors' quotas how, and their request limits (src/clients). */
  clients: clientsSchema,
})
  .superRefine((c, ctx) => {
    // A JWT can name any client; without one, only an API key's name ever reaches a request, so
    // another name is a typo that would silently leave that client unlimited.
    if (!c.auth?.jwt) {
      const keyNames = new Set((c.auth?.apiKeys ?? []).map((k) => k.name));
      for (const name of Object.keys(c.clients)) {
        if (!keyNames.has(name)) {
          const known = keyNames.size > 0 ? `the API keys are named ${[...keyNames].map((n) => JSON.stringify(n)).join(", ")}` : "no API key is configured";
          ctx.addIssue({ code: "custom", path: ["clients", name], message: `names no client: without auth.jwt a client is an API key's name, and ${known}` });
        }
      }
    }
    if (c.graphiql === true && c.persistedDocuments?.only) {
      ctx.addIssue({ code: "custom", path: ["graphiql"], message: "true conflicts with persistedDocuments.only: GraphiQL sends ad-hoc queries, which only-mode refuses; set one of them to false" });
    }
  });

export type AppConfig = z.output<typeof configSchema>;

/**
 * What a config file must say beyond the shape (README, Access): whether callers
 * authenticate is decided on purpose, and GraphiQL, introspection and CORS are off unless asked for.
 */
export const fileConfigSchema = configSchema
  .superRefine((c, ctx) => {
    if (!c.auth) {
      ctx.addIssue({ code: "custom", path: ["auth"], message: 'required with a config file: give auth.apiKeys and/or auth.jwt, or "auth": { "open": true } to serve without authentication on purpose' });
    }
  })
  .transform((c): AppConfig => ({ ...c, graphiql: c.graphiql ?? false, introspection: c.introspection ?? false, cors: c.cors ?? { origins: [] } }));
export type CorpConfig = AppConfig["corps"][number];
export type VendorsConfig = AppConfig["vendors"];
