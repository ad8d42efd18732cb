// The config file of the contract. Validation is strict: an unknown key or a bad value stops the
// start with the key path named, never with a secret in the message.
import { z } from "zod";
import { authSchema, corsSchema, persistedDocumentsSchema } from "../auth/accessConfig.js";

const headers = z.record(z.string(), z.string());
const baseUrl = z.url({ protocol: /^https?$/ });
const timeoutMs = z.number().int().positive().max(120_000);
/** Calls a minute across every replica sharing `redis` (src/quota); yunzhenji's default is in quotaLimits.ts. */
const quota = z.strictObject({ perMinute: z.number().int().min(1).max(1_000_000) });
/** Calls in flight at once from this replica. */
const concurrency = z.number().int().min(1).max(1000);

const yunzhenji = z
  .strictObject({
    baseUrl,
    appId: z.string().min(1),
    appSecret: z.string().min(1).optional(),
    accessToken: z.string().min(1).optional(),
    timeoutMs: timeoutMs.optional(),
    headers: headers.optional(),
    quota: quota.optional(),
    concurrency: concurrency.optional(),
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
  quota: quota.optional(),
  concurrency: concurrency.optional(),
});

const plainVendor = z.strictObject({
  baseUrl,
  timeoutMs: timeoutMs.optional(),
  headers: headers.optional(),
  quota: quota.optional(),
  concurrency: concurrency.optional(),
});

// A cache lifetime: whole seconds, at most a day (a day-old vendor answer is no longer a cache).
const seconds = z.number().int().min(0).max(86_400).default(0);
const NO_TTL = { yunzhenji: 0, shiheng: 0, yunzhong: 0, directory: 0 };

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
  limits: z
    .strictObject({
      maxBodyBytes: z.number().int().min(1024).max(64 * 1024 * 1024).default(1024 * 1024),
      requestTimeoutMs: z.number().int().min(100).max(300_000).default(10_000),
      maxUpstreamCallsPerRequest: z.number().int().min(1).max(100_000).default(200),
      maxQueryCost: z.number().int().min(1).max(10_000_000).default(20_000),
      maxDepth: z.number().int().min(1).max(100).default(15),
    })
    .default({ maxBodyBytes: 1024 * 1024, requestTimeoutMs: 10_000, maxUpstreamCallsPerRequest: 200, maxQueryCost: 20_000, maxDepth: 15 }),
  /** On SIGTERM/SIGINT, how long in-flight requests may take to finish before the process exits anyway. */
  shutdownGraceMs: z.number().int().min(0).max(600_000).default(10_000),
  /** Vendor answers kept across requests and replicas (src/cache/); every TTL 0 = off. */
  cache: z
    .strictObject({
      ttlSeconds: z.strictObject({ yunzhenji: seconds, shiheng: seconds, yunzhong: seconds, directory: seconds }).default(NO_TTL),
      staleSeconds: seconds,
      /** Answers an in-memory cache keeps at most (without `redis`); the oldest go first. */
      maxEntries: z.number().int().min(100).max(10_000_000).default(20_000),
      // The first cache shared only whole-list walks; its key must not silently stop working.
      listTtlSeconds: z.unknown().optional(),
    })
    .superRefine((cache, ctx) => {
      if (cache.listTtlSeconds === undefined) return;
      const n = typeof cache.listTtlSeconds === "number" ? String(cache.listTtlSeconds) : "N";
      ctx.addIssue({
        code: "custom",
        path: ["listTtlSeconds"],
        message: `replaced by cache.ttlSeconds, one TTL per vendor that also covers paged reads: write "cache": { "ttlSeconds": { "yunzhenji": ${n}, "shiheng": ${n} } } for what listTtlSeconds did (see README, Cache)`,
      });
    })
    .transform(({ listTtlSeconds: _gone, ...cache }) => cache)
    .default({ ttlSeconds: NO_TTL, staleSeconds: 0, maxEntries: 20_000 }),
  /**
   * Subscriptions (src/live) poll the vendors this often while anyone subscribes. Fractions are
   * allowed (tests poll every 0.2 s); the floor keeps a typo from hammering a vendor.
   */
  live: z.strictObject({ pollSeconds: z.number().min(0.1).max(3600).default(30) }).default({ pollSeconds: 30 }),
})
  .superRefine((c, ctx) => {
    if (c.graphiql === true && c.persistedDocuments?.only) {
      ctx.addIssue({ code: "custom", path: ["graphiql"], message: "true conflicts with persistedDocuments.only: GraphiQL sends ad-hoc queries, which only-mode refuses; set one of them to false" });
    }
  });

export type AppConfig = z.output<typeof configSchema>;

/**
 * What a config file must say beyond the shape (contract, "Serving it safely"): whether callers
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
export type LimitsConfig = AppConfig["limits"];
