// The one Redis connection a replica shares with its peers (quotas, the yunzhenji token, the
// cache). Its URL may carry a password, so neither the URL nor ioredis' own error text (which can
// quote it) reaches a log line: errors are logged by kind, at most once per connection outage.
import { createRequire } from "node:module";
import type { Redis } from "ioredis";
import type { Logger } from "../core/Logger.js";

export interface RedisSettings {
  url: string;
  /** Prepended to every key, so several graphs (or a graph and others) can share one Redis. */
  keyPrefix: string;
}

// Loaded only when a config names `redis`: a single replica keeps its state in process and need
// not hold the client library in memory.
const loadIoredis = () => createRequire(import.meta.url)("ioredis") as typeof import("ioredis");

export function connectRedis(settings: RedisSettings, logger: Logger): Redis {
  const { Redis } = loadIoredis();
  const redis = new Redis(settings.url, {
    keyPrefix: settings.keyPrefix,
    // A command waits at most one reconnect: callers fall back (or fail their field) rather than hang.
    maxRetriesPerRequest: 1,
    connectTimeout: 2000,
    retryStrategy: (times) => Math.min(times * 200, 2000),
  });
  let down = false;
  redis.on("error", (error: Error & { code?: string }) => {
    if (down) return;
    down = true;
    logger.warn({ redis: redisHost(settings.url), code: error.code ?? error.name }, "redis unavailable; retrying");
  });
  redis.on("ready", () => {
    if (down) logger.info({ redis: redisHost(settings.url) }, "redis is back");
    down = false;
  });
  return redis;
}

/** host:port of a redis URL, for log lines: never its user or password. */
export function redisHost(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || "6379"}`;
  } catch {
    return "(unparsable url)";
  }
}
