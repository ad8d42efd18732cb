// The `cache` part of the config file (README, Cache) and its defaults: off unless a vendor is
// given a TTL. src/server/config.ts composes it into the whole schema; cacheSettings() takes the
// parsed values as they are, since this schema is where they are checked.
import { z } from "zod";

// A cache lifetime: whole seconds, at most a day (a day-old vendor answer is no longer a cache).
const seconds = z.number().int().min(0).max(86_400).default(0);

export const cacheSchema = z
  .strictObject({
    // prefault, not default: an absent key is parsed as {}, so each TTL's default is written once (above).
    ttlSeconds: z.strictObject({ yunzhenji: seconds, shiheng: seconds, yunzhong: seconds, directory: seconds }).prefault({}),
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
  .prefault({});

export type CacheConfig = z.output<typeof cacheSchema>;
