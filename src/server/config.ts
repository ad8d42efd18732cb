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
  /** Whole-list walks (yunzhenji accounts, shiheng employees) shared across requests for this long; 0 = per request. */
  cache: z.strictObject({ listTtlSeconds: z.number().int().min(0).max(3600).default(0) }).default({ listTtlSeconds: 0 }),
  /**
   * Subscriptions (src/live) poll the vendors this often while anyone subscribes. Fractions are
   * allowed (tests poll every 0.2 s); the floor keeps a typo from hammering a vendor.
   */
  live: z.strictObject({ pollSeconds: z.number().min(0.1).max(3600).default(30) }).default({ pollSeconds: 30 }),
});

export type AppConfig = z.output<typeof configSchema>;
export type CorpConfig = AppConfig["corps"][number];
export type VendorsConfig = AppConfig["vendors"];
