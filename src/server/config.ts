// The config file of the contract. Validation is strict: an unknown key or a bad value stops the
// start with the key path named, never with a secret in the message.
import { z } from "zod";

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
});

const plainVendor = z.strictObject({ baseUrl, timeoutMs: timeoutMs.optional(), headers: headers.optional() });

const corp = z.strictObject({
  corpId: z.string().min(1),
  name: z.string().optional(),
  shortName: z.string().optional(),
  yunzhenji: z.strictObject({ corpId: z.number().int() }).optional(),
  yunzhong: z.strictObject({ uniacid: z.number().int(), cropId: z.number().int() }).optional(),
});

export const configSchema = z.strictObject({
  port: z.number().int().min(0).max(65535).default(4000),
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
  /** Whole-list walks (yunzhenji accounts, shiheng employees) shared across requests for this long; 0 = per request. */
  cache: z.strictObject({ listTtlSeconds: z.number().int().min(0).max(3600).default(0) }).default({ listTtlSeconds: 0 }),
});

export type AppConfig = z.output<typeof configSchema>;
export type CorpConfig = AppConfig["corps"][number];
export type VendorsConfig = AppConfig["vendors"];
export type LimitsConfig = AppConfig["limits"];
