// yunzhenji's access token (docs/vendors/yunzhenji.md, Auth and Decisions): issued by
// `POST /oauth/token` for 7200 s. Fetched lazily, shared by all concurrent calls of one client and,
// through a shared TokenStore, by every replica; refreshed a little before it expires, and replaced
// on a 110/111/112 answer only if it is still the token that failed. The fetch is made for the
// call that found no token (whose client and budget it is charged to), yet serves every caller
// waiting meanwhile, so no one caller's leaving or deadline cuts it.
import type { CallOptions } from "../../core/CallOptions.js";
import type { Clock } from "../../core/Clock.js";
import { UpstreamError } from "../http/UpstreamError.js";
import { MemoryTokenStore, type StoredToken, type TokenStore } from "./tokenStore.js";

export interface IssuedToken {
  accessToken: string;
  /** Lifetime from the moment of issue. */
  expiresInSeconds: number;
}

export interface TokenProvider {
  /** False for a fixed token: a rejection of it is final. */
  readonly canRefresh: boolean;
  /** A token believed valid now; waiting for one ends with the request (`call`), the fetch does not. */
  get(call?: CallOptions): Promise<string>;
  /** Marks `token` as rejected by the vendor, so that the next `get()` fetches a new one. */
  invalidate(token: string): void;
}

/** A configured `accessToken`: nothing to refresh, so 110-112 are plain auth failures. */
export class FixedToken implements TokenProvider {
  readonly canRefresh = false;
  constructor(private readonly token: string) {}
  get(): Promise<string> {
    return Promise.resolve(this.token);
  }
  invalidate(): void {}
}

export interface TokenManagerOptions {
  /** One call to the token endpoint (retries are the caller's business), on behalf of `call`. */
  issue: (call: CallOptions | undefined) => Promise<IssuedToken>;
  clock: Clock;
  /** Tells the transport about each token this process uses, fetched or read, so it never shows up in a message. */
  onIssued?: (token: string) => void;
  /** Shared with other replicas (Redis) or this process's own (default). */
  store?: TokenStore;
  /** How often a replica waiting for another's fetch looks at the store (default 100 ms). */
  pollMs?: number;
}

/**
 * How long before expiry a token is replaced: 10% of its lifetime, at most 60 s. A token used at
 * the last second can expire in flight; a margin of a whole short test TTL would refresh forever.
 */
export function refreshMarginMs(expiresInSeconds: number): number {
  return Math.min(60_000, expiresInSeconds * 100);
}

export class TokenManager implements TokenProvider {
  readonly canRefresh = true;
  private current: StoredToken | null = null;
  /** The last token the vendor rejected: never taken from the store again. */
  private failed: string | null = null;
  private inFlight: Promise<string> | null = null;
  private readonly options: TokenManagerOptions;
  private readonly store: TokenStore;
  private readonly pollMs: number;

  constructor(options: TokenManagerOptions) {
    this.options = options;
    this.store = options.store ?? new MemoryTokenStore(() => options.clock.now());
    this.pollMs = options.pollMs ?? 100;
  }

  get(call?: CallOptions): Promise<string> {
    const current = this.current;
    if (current && this.options.clock.now() < current.refreshAt) return Promise.resolve(current.accessToken);
    return withinCall(this.refresh(call), call, this.options.clock.now());
  }

  invalidate(token: string): void {
    // Only the token that failed: when a concurrent caller has already replaced it, the new one stays.
    this.failed = token;
    if (this.current?.accessToken === token) this.current = null;
  }

  /** One refresh per process at a time; everyone who needs a token meanwhile waits for it. */
  private refresh(call: CallOptions | undefined): Promise<string> {
    if (this.inFlight) return this.inFlight;
    const run = this.obtain(call);
    this.inFlight = run;
    // A failed refresh is not remembered: the next caller tries again.
    const settle = () => {
      if (this.inFlight === run) this.inFlight = null;
    };
    run.then(settle, settle);
    return run;
  }

  /**
   * A token from the store when another replica already fetched one, else fetched under the
   * store's lease, after looking at the store once more (it may have been refreshed while we
   * waited for the lease). While another replica holds the lease, a token that has not expired yet
   * serves; with none, we look again until their token appears or their lease runs out.
   */
  private async obtain(call: CallOptions | undefined): Promise<string> {
    for (;;) {
      const stored = await this.store.read();
      if (stored && this.fresh(stored)) return this.adopt(stored);
      const lease = await this.store.lease();
      if (lease) {
        try {
          const again = await this.store.read();
          if (again && this.fresh(again)) return this.adopt(again);
          const next = await this.fetch(call);
          // When another replica's newer token is there already (our lease ran out), ours still works for us.
          await lease.replace(next, again?.accessToken ?? null);
          return this.adopt(next);
        } finally {
          await lease.release();
        }
      }
      const now = this.options.clock.now();
      const meanwhile = [stored, this.current].find((t): t is StoredToken => t !== null && t.accessToken !== this.failed && now < t.expiresAt);
      if (meanwhile) return this.adopt(meanwhile);
      await this.options.clock.sleep(this.pollMs);
    }
  }

  /** Good to use without fetching: not the token that failed, and not yet due for refresh. */
  private fresh(token: StoredToken): boolean {
    return token.accessToken !== this.failed && this.options.clock.now() < token.refreshAt;
  }

  private async fetch(call: CallOptions | undefined): Promise<StoredToken> {
    const started = this.options.clock.now();
    const issued = await this.options.issue(call);
    const lifetimeMs = issued.expiresInSeconds * 1000;
    // Counted from when we asked: the vendor's clock started no later than that.
    return {
      accessToken: issued.accessToken,
      expiresAt: started + lifetimeMs,
      refreshAt: started + lifetimeMs - refreshMarginMs(issued.expiresInSeconds),
    };
  }

  private adopt(token: StoredToken): string {
    this.options.onIssued?.(token.accessToken);
    this.current = token;
    return token.accessToken;
  }
}

/**
 * `promise`, or an error once the request is cancelled or out of time: one request giving up must
 * not fail the fetch the others are waiting for, so only this caller's wait ends.
 */
function withinCall<T>(promise: Promise<T>, call: CallOptions | undefined, now: number): Promise<T> {
  if (!call || (call.deadline === undefined && !call.signal)) return promise;
  const { deadline, signal } = call;
  return new Promise<T>((resolve, reject) => {
    const fail = (message: string) =>
      reject(new UpstreamError({ vendor: "yunzhenji", endpoint: "oauth/token", code: "UPSTREAM_TIMEOUT", message: `yunzhenji oauth/token: ${message}` }));
    const timer = deadline === undefined ? undefined : setTimeout(() => fail("no access token before the operation's deadline"), Math.max(0, deadline - now));
    const cancel = () => fail("the request was cancelled while waiting for an access token");
    signal?.addEventListener("abort", cancel, { once: true });
    const settle = () => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", cancel);
    };
    if (signal?.aborted) cancel();
    promise.then(
      (value) => {
        settle();
        resolve(value);
      },
      (error: unknown) => {
        settle();
        reject(error);
      },
    );
  });
}
