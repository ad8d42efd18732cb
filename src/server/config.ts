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
});

export type AppConfig = z.output<typeof configSchema>;
export type CorpConfig = AppConfig["corps"][number];
export type VendorsConfig = AppConfig["vendors"];
