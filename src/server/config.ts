// The config file of the contract. Validation is strict: an unknown key or a bad value stops the
// start with the key path named, never with a secret in the message.
import { z } from "zod";

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
  /** Whole-list walks (yunzhenji accounts, shiheng employees) shared across requests for this long; 0 = per request. */
  cache: z.strictObject({ listTtlSeconds: z.number().int().min(0).max(3600).default(0) }).default({ listTtlSeconds: 0 }),
});

export type AppConfig = z.output<typeof configSchema>;
export type CorpConfig = AppConfig["corps"][number];
export type VendorsConfig = AppConfig["vendors"];
