// yunzhenji's access token shared by every replica on one Redis (the TokenStore of
// src/vendors/yunzhenji/tokenStore.ts). The token lives under one key, as JSON with its expiry,
// and Redis drops it when it expires. The right to fetch a new one is a lease: `SET NX PX` with a
// value only its holder knows, released by a script that deletes it only for that value. Replacing
// the token is a compare-and-set script: a replica that fetched because a token failed never
// overwrites a newer token another replica stored meanwhile.
// The token is a credential: it is never logged here, and every replica that reads it registers it
// with its transport (TokenManager's onIssued), so it is scrubbed from that replica's messages too.
// When Redis is unavailable the replica falls back on fetching its own token (and says so once).
import { createHash, randomUUID } from "node:crypto";
import type { Redis } from "ioredis";
import type { Logger } from "../core/Logger.js";
import type { StoredToken, TokenLease, TokenStore } from "../vendors/yunzhenji/tokenStore.js";
import { RedisGuard } from "./RedisGuard.js";
import { redisScript } from "./redisScript.js";

// KEYS: token. ARGV: next (JSON), expected access token ('' = none), ttl ms.
const REPLACE = redisScript(
  "wecomGraphTokenReplace",
  1,
  `
local current = redis.call('GET', KEYS[1])
if current then
  local ok, held = pcall(cjson.decode, current)
  if ok and type(held) == 'table' and held['accessToken'] ~= ARGV[2] then return 0 end
end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[3])
return 1
`,
);

// KEYS: lock. ARGV: the holder's value.
const RELEASE = redisScript(
  "wecomGraphTokenRelease",
  1,
  `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`,
);

export interface RedisTokenStoreOptions {
  /** Tells apart the tokens of different apps (and vendors' hosts) sharing one Redis. */
  baseUrl: string;
  appId: string;
  now: () => number;
  logger: Logger;
  /**
   * How long a fetch may hold the lease (default 20 000 ms: a token call waits for quota at most
   * 10 s, then has its timeout). A holder that dies is replaced after this.
   */
  leaseMs?: number;
  /** Redis commands slower than this count as an outage (default 1000 ms). */
  timeoutMs?: number;
}

/** A lease that is no lease: while Redis is down each replica fetches for itself. */
const LOCAL_LEASE: TokenLease = { replace: () => Promise.resolve(false), release: () => Promise.resolve() };

export class RedisTokenStore implements TokenStore {
  private readonly key: string;
  private readonly lockKey: string;
  private readonly guard: RedisGuard;
  private readonly leaseMs: number;
  private readonly now: () => number;

  constructor(redis: Redis, options: RedisTokenStoreOptions) {
    this.key = tokenKey(options.baseUrl, options.appId);
    this.lockKey = `${this.key}:lease`;
    this.leaseMs = options.leaseMs ?? 20_000;
    this.now = options.now;
    this.guard = new RedisGuard(redis, options.logger, {
      what: "the yunzhenji token",
      fallback: "a token of this replica's own",
      ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    });
  }

  read(): Promise<StoredToken | null> {
    return this.guard.run(async (redis) => parseStored(await redis.get(this.key), this.now()), () => null);
  }

  lease(): Promise<TokenLease | null> {
    const holder = randomUUID();
    return this.guard.run(
      async (redis): Promise<TokenLease | null> => {
        const taken = await redis.set(this.lockKey, holder, "PX", this.leaseMs, "NX");
        if (taken !== "OK") return null;
        return {
          replace: (next, expected) => {
            const ttl = next.expiresAt - this.now();
            if (ttl <= 0) return Promise.resolve(false);
            return this.guard.run(async (r) => (await REPLACE(r, [this.key, JSON.stringify(next), expected ?? "", ttl])) === 1, () => false);
          },
          release: () => this.guard.run(async (r) => void (await RELEASE(r, [this.lockKey, holder])), () => undefined),
        };
      },
      () => LOCAL_LEASE,
    );
  }
}

/** The key of an app's token (before the connection's prefix); the lease is this plus ":lease". */
export function tokenKey(baseUrl: string, appId: string): string {
  // A hash: the key names neither the app nor the host, and stays short.
  return `token:yunzhenji:${createHash("sha256").update(`${baseUrl}\n${appId}`).digest("hex").slice(0, 16)}`;
}

/** The stored JSON, or null when absent, unreadable or expired by this replica's clock. */
function parseStored(text: string | null, now: number): StoredToken | null {
  if (text === null) return null;
  try {
    const value = JSON.parse(text) as Partial<StoredToken>;
    if (typeof value.accessToken !== "string" || value.accessToken === "") return null;
    if (typeof value.expiresAt !== "number" || typeof value.refreshAt !== "number") return null;
    if (now >= value.expiresAt) return null;
    return { accessToken: value.accessToken, expiresAt: value.expiresAt, refreshAt: value.refreshAt };
  } catch {
    return null;
  }
}
