// Where yunzhenji's access token is kept between the calls that use it: in this process
// (MemoryTokenStore), or in Redis so every replica uses one token (src/redis/RedisTokenStore.ts,
// injected by createSources; this folder stays free of Redis). TokenManager (tokenManager.ts) is
// the only user: it reads the store, takes the lease before fetching, and double-checks.

/** A token with the times that matter, epoch ms of the replica that fetched it. */
export interface StoredToken {
  accessToken: string;
  /** When the vendor stops accepting it. */
  expiresAt: number;
  /** When a replica should fetch the next one (a margin before expiry). */
  refreshAt: number;
}

export interface TokenStore {
  /** The stored token, or null when there is none (or it expired). */
  read(): Promise<StoredToken | null>;
  /**
   * The right to fetch a new token, for a limited time (a lease, so a replica that dies while
   * fetching does not block the others forever); null while someone else holds it.
   */
  lease(): Promise<TokenLease | null>;
}

export interface TokenLease {
  /**
   * Stores `next` only if the store still holds `expected` (the token this fetch replaces; null
   * when it replaces nothing): a replica that fetched for a token that failed never overwrites a
   * newer one another replica stored meanwhile. True when stored.
   */
  replace(next: StoredToken, expected: string | null): Promise<boolean>;
  /** Gives the lease back (only the holder's own lease is ever released). */
  release(): Promise<void>;
}

/** One process: the token in memory, the lease a flag (TokenManager already fetches one at a time). */
export class MemoryTokenStore implements TokenStore {
  private token: StoredToken | null = null;
  private leased = false;

  constructor(private readonly now: () => number) {}

  read(): Promise<StoredToken | null> {
    const token = this.token;
    return Promise.resolve(token && this.now() < token.expiresAt ? token : null);
  }

  lease(): Promise<TokenLease | null> {
    if (this.leased) return Promise.resolve(null);
    this.leased = true;
    let held = true;
    return Promise.resolve({
      replace: (next, expected) => {
        const current = this.token && this.now() < this.token.expiresAt ? this.token.accessToken : null;
        if (current !== null && current !== expected) return Promise.resolve(false);
        this.token = next;
        return Promise.resolve(true);
      },
      release: () => {
        if (held) this.leased = false;
        held = false;
        return Promise.resolve();
      },
    });
  }
}
