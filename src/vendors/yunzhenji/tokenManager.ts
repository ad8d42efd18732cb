// yunzhenji's access token (docs/vendors/yunzhenji.md, Auth and Decisions): issued by
// `POST /oauth/token` for 7200 s. Fetched lazily, shared by all concurrent calls of one client,
// refreshed a little before it expires, and forced on a 110/111/112 answer.
import type { Clock } from "../http/deps.js";

export interface IssuedToken {
  accessToken: string;
  /** Lifetime from the moment of issue. */
  expiresInSeconds: number;
}

export interface TokenProvider {
  /** False for a fixed token: a rejection of it is final. */
  readonly canRefresh: boolean;
  /** A token believed valid now. */
  get(): Promise<string>;
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
  /** One call to the token endpoint (retries are the caller's business). */
  issue: () => Promise<IssuedToken>;
  clock: Clock;
  /** Tells the transport about each new token so it never shows up in a message. */
  onIssued?: (token: string) => void;
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
  private current: { token: string; refreshAt: number } | null = null;
  private inFlight: Promise<string> | null = null;
  private readonly options: TokenManagerOptions;

  constructor(options: TokenManagerOptions) {
    this.options = options;
  }

  get(): Promise<string> {
    const current = this.current;
    if (current && this.options.clock.now() < current.refreshAt) return Promise.resolve(current.token);
    return this.refresh();
  }

  invalidate(token: string): void {
    // Only the token that failed: when a concurrent caller has already replaced it, the new one stays.
    if (this.current?.token === token) this.current = null;
  }

  /** One request to the token endpoint at a time; everyone who needs a token meanwhile waits for it. */
  private refresh(): Promise<string> {
    if (this.inFlight) return this.inFlight;
    const started = this.options.clock.now();
    const run = (async () => {
      const issued = await this.options.issue();
      this.options.onIssued?.(issued.accessToken);
      const lifetimeMs = issued.expiresInSeconds * 1000;
      // Counted from when we asked: the vendor's clock started no later than that.
      this.current = { token: issued.accessToken, refreshAt: started + lifetimeMs - refreshMarginMs(issued.expiresInSeconds) };
      return issued.accessToken;
    })();
    this.inFlight = run;
    // A failed refresh is not remembered: the next caller tries again.
    const settle = () => {
      if (this.inFlight === run) this.inFlight = null;
    };
    run.then(settle, settle);
    return run;
  }
}
