// Answers in the Redis every replica shares (`redis` configured), so a cluster asks each vendor
// once per TTL, not once per replica. Keys: `cache:<vendor>:<endpoint>:<arguments>` under the
// configured keyPrefix; values: serialize.ts. Singleflight across replicas is a lock per key:
// the replica that takes it fetches and stores; the others poll for the stored answer. If the
// holder fails with a vendor's own answer, it leaves that error for them for a few seconds, so a
// failing vendor is asked once, not once per replica; if it dies, its lock expires and the next
// waiter fetches.
import { randomUUID } from "node:crypto";
import type { Redis } from "ioredis";
import { ERROR_CODES, VENDORS, type ErrorCode, type Vendor } from "../errors/codes.js";
import { setTimeout as sleep } from "node:timers/promises";
import { UpstreamError } from "../vendors/http/UpstreamError.js";
import type { CacheStore, OnceOptions, StoredAnswer } from "../cache/CacheStore.js";
import { decodeAnswer, encodeAnswer } from "../cache/serialize.js";
import { StoreUnavailable } from "../cache/VendorCache.js";

/** Bumped whenever the stored shape of an answer changes, so replicas of two versions never share entries. */
export const CACHE_FORMAT = 1;
const FAILURE_MS = 5000;
const FIRST_POLL_MS = 5;
const MAX_POLL_MS = 50;

// Deletes the lock only if it is still ours: an expired lock may already be someone else's.
const RELEASE = `if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("del", KEYS[1]) else return 0 end`;

export class RedisStore implements CacheStore {
  // Once Redis has failed, commands are not queued behind its reconnects (seconds each): the
  // cache is skipped at once until the connection is ready again.
  private down = false;

  constructor(private readonly redis: Redis) {
    redis.on("error", () => {
      this.down = true;
    });
    redis.on("ready", () => {
      this.down = false;
    });
  }

  async get(key: string): Promise<StoredAnswer | undefined> {
    this.usable();
    const text = await this.redis.get(entryKey(key));
    if (text === null) return undefined;
    try {
      return decodeAnswer(text);
    } catch {
      return undefined; // not ours to read (another format): a miss, and the next set replaces it
    }
  }

  async set(key: string, answer: StoredAnswer, keepMs: number): Promise<void> {
    this.usable();
    await this.redis.set(entryKey(key), encodeAnswer(answer), "PX", Math.max(1, Math.ceil(keepMs)));
  }

  async once(key: string, fetch: () => Promise<StoredAnswer>, options: OnceOptions): Promise<StoredAnswer> {
    const lock = `lock:${CACHE_FORMAT}:${key}`;
    const token = randomUUID();
    let holder: string | null = null;
    let poll = FIRST_POLL_MS;
    for (;;) {
      if (options.signal.aborted) throw abandoned();
      if ((await this.command(() => this.redis.set(lock, token, "PX", options.lockMs, "NX"))) === "OK") {
        try {
          return await fetch();
        } catch (error) {
          await this.leaveFailure(token, error);
          throw error;
        } finally {
          await this.redis.eval(RELEASE, 1, lock, token).catch(() => {});
        }
      }
      // Another replica is fetching: wait for its answer to appear.
      for (;;) {
        await sleep(poll); // real time: another process is working, whatever clock this one keeps
        poll = Math.min(MAX_POLL_MS, poll * 2);
        if (options.signal.aborted) throw abandoned();
        const answer = await this.command(() => this.get(key));
        if (answer && options.fresh(answer)) return answer;
        const now = await this.command(() => this.redis.get(lock));
        if (now !== null) {
          holder = now;
          continue;
        }
        // The lock is gone without a fresh answer: the holder failed (its error is left for us) or died.
        const failure = holder === null ? null : await this.command(() => this.redis.get(failureKey(holder as string)));
        if (failure !== null) throw reviveFailure(failure);
        break;
      }
    }
  }

  // Only a vendor's own answer is worth sharing: a timeout or a refused budget may be this replica's alone.
  private async leaveFailure(token: string, error: unknown): Promise<void> {
    if (!(error instanceof UpstreamError) || error.code === "UPSTREAM_TIMEOUT") return;
    const shared = { vendor: error.vendor, endpoint: error.endpoint, code: error.code, message: error.message, vendorCode: error.vendorCode, vendorMessage: error.vendorMessage, status: error.status, traceId: error.traceId, retryable: error.retryable };
    await this.redis.set(failureKey(token), JSON.stringify(shared), "PX", FAILURE_MS).catch(() => {});
  }

  private usable(): void {
    if (this.down && this.redis.status !== "ready") throw new StoreUnavailable("redis is unavailable");
  }

  private async command<T>(run: () => Promise<T>): Promise<T> {
    try {
      this.usable();
      return await run();
    } catch (error) {
      throw new StoreUnavailable("redis command failed", { cause: error });
    }
  }
}

// Nobody waits for this answer any more (every waiter gave up); the error reaches no one.
function abandoned(): Error {
  return new Error("cache: every waiter gave up");
}

function entryKey(key: string): string {
  return `cache:${CACHE_FORMAT}:${key}`;
}

function failureKey(token: string): string {
  return `cache-failure:${token}`;
}

const CODES: ReadonlySet<string> = new Set(ERROR_CODES);
const VENDOR_SET: ReadonlySet<string> = new Set(VENDORS);

function reviveFailure(text: string): UpstreamError {
  const f = JSON.parse(text) as Record<string, unknown>;
  const str = (v: unknown) => (typeof v === "string" ? v : null);
  return new UpstreamError({
    vendor: (VENDOR_SET.has(String(f["vendor"])) ? f["vendor"] : "yunzhenji") as Vendor,
    endpoint: str(f["endpoint"]) ?? "unknown",
    code: (CODES.has(String(f["code"])) ? f["code"] : "UPSTREAM_ERROR") as ErrorCode,
    message: str(f["message"]) ?? "the vendor call failed in another replica",
    vendorCode: typeof f["vendorCode"] === "number" || typeof f["vendorCode"] === "string" ? f["vendorCode"] : null,
    vendorMessage: str(f["vendorMessage"]),
    status: typeof f["status"] === "number" ? f["status"] : null,
    traceId: str(f["traceId"]),
    retryable: f["retryable"] === true,
  });
}
