// Shared state must never hang or break a request: every Redis command a concern runs goes through
// a guard that bounds it in time and, when Redis is down or slow, answers from the concern's
// in-process fallback instead. The outage is logged once (by kind, never with the URL), and
// while it lasts the guard does not even try until ioredis has reconnected.
import type { Redis } from "ioredis";
import type { Logger } from "../core/Logger.js";

export interface RedisGuardOptions {
  /** Named in the log lines: "quota", "yunzhenji token". */
  what: string;
  /** What the fallback means, for the warning: "this replica's own limits". */
  fallback: string;
  /** A command slower than this counts as a failure (default 1000 ms). */
  timeoutMs?: number;
}

export class RedisGuard {
  private healthy = true;
  private readonly timeoutMs: number;

  constructor(
    readonly redis: Redis,
    private readonly logger: Logger,
    private readonly options: RedisGuardOptions,
  ) {
    this.timeoutMs = options.timeoutMs ?? 1000;
  }

  /** `op` against Redis, or `fallback()` when Redis is down, slow or fails. */
  async run<T>(op: (redis: Redis) => Promise<T>, fallback: () => T | Promise<T>): Promise<T> {
    if (!this.healthy && this.redis.status !== "ready") return fallback();
    let timer: NodeJS.Timeout | undefined;
    try {
      const result = await Promise.race([
        op(this.redis),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(Object.assign(new Error("redis did not answer in time"), { code: "ETIMEDOUT" })), this.timeoutMs);
        }),
      ]);
      if (!this.healthy) {
        this.healthy = true;
        this.logger.info({ what: this.options.what }, `redis answers again; ${this.options.what} is shared across replicas again`);
      }
      return result;
    } catch (error) {
      if (this.healthy) {
        this.healthy = false;
        const code = (error as { code?: unknown }).code;
        this.logger.warn(
          { what: this.options.what, code: typeof code === "string" ? code : error instanceof Error ? error.name : "unknown" },
          `redis unavailable for ${this.options.what}; using ${this.options.fallback} until it is back`,
        );
      }
      return fallback();
    } finally {
      clearTimeout(timer);
    }
  }
}
