// Vendor answers kept across requests (and replicas, with Redis): every source call goes through
// `read`, keyed by vendor, endpoint and canonical arguments (cachedSources.ts).
// - fresh (younger than the vendor's TTL): served as is;
// - stale (within `staleSeconds` after expiry): served at once while ONE refresh runs in the
//   background (stale-while-revalidate); a failing refresh leaves the stale answer in place, so it
//   keeps being served while the vendor is down (stale-if-error), never past the stale window;
// - missing or gone: fetched, once for all concurrent identical reads of this process (and of the
//   cluster, through the shared store's `once`), then stored. Failures are never stored.
// Answers live in this process (MemoryStore) and, with `redis`, in Redis too (RedisStore): this
// process serves its near copy while it is fresh, so a hit costs no round trip, and asks Redis
// once it is not (another replica may have refreshed it) or when it has none.
// Whoever reads learns when the answer was fetched (AnswerSink), which is how `extensions.stale`
// and the age of a derived index are known.
import type { Vendor } from "../errors/codes.js";
import type { Observer } from "../core/Observer.js";
import type { CallOptions } from "../core/CallOptions.js";
import { silentLogger, type Logger } from "../core/Logger.js";
import { systemClock, type Clock } from "../core/Clock.js";
import { UpstreamError } from "../vendors/http/UpstreamError.js";
import type { CachedCall } from "./AnswerSink.js";
import { freshness, type CacheSettings, type Freshness } from "./CacheSettings.js";
import type { CacheStore, StoredAnswer } from "./CacheStore.js";
import { MemoryStore } from "./MemoryStore.js";
import { SharedCall } from "./SharedCall.js";

/** A refresh nobody waits for still gets a bounded time, like a request would. */
export const BACKGROUND_DEADLINE_MS = 10_000;
/** Background refreshes of one vendor at once: a page of stale getUser answers must not burst. */
export const REFRESH_CONCURRENCY = 4;
/** Refreshes waiting their turn; beyond this a stale read starts none (a later read will). */
const MAX_QUEUED_REFRESHES = 10_000;

interface Flight {
  shared: SharedCall;
  promise: Promise<StoredAnswer>;
}

interface Refresh {
  vendor: Vendor;
  start(): Promise<unknown>;
}

export interface VendorCacheOptions {
  settings: CacheSettings;
  /** Shared by the replicas (Redis); without it, answers live in this process only. */
  shared?: CacheStore | null;
  clock?: Clock;
  logger?: Logger;
  observer?: Observer;
  refreshConcurrency?: number;
}

export class VendorCache {
  readonly settings: CacheSettings;
  /** This process's answers: the whole cache without a shared store, the near copy of it with one. */
  private readonly near: MemoryStore;
  private readonly shared: CacheStore | null;
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly observer: Observer;
  private readonly refreshConcurrency: number;
  private readonly flights = new Map<string, Flight>();
  private readonly queued = new Map<string, Refresh>();
  private readonly running = new Map<Vendor, number>();
  private idleWaiters: (() => void)[] = [];
  private storeDown = false;

  constructor(options: VendorCacheOptions) {
    this.settings = options.settings;
    this.clock = options.clock ?? systemClock;
    this.near = new MemoryStore(options.settings.maxEntries, this.clock);
    this.shared = options.shared ?? null;
    this.logger = options.logger ?? silentLogger;
    this.observer = options.observer ?? {};
    this.refreshConcurrency = options.refreshConcurrency ?? REFRESH_CONCURRENCY;
    if (!Number.isInteger(this.refreshConcurrency) || this.refreshConcurrency < 1) {
      throw new TypeError(`VendorCache: refreshConcurrency must be a positive integer, got ${JSON.stringify(options.refreshConcurrency)}`);
    }
  }

  caches(vendor: Vendor): boolean {
    return this.settings.ttlMs[vendor] > 0;
  }

  /** One vendor answer through the cache; `fetch` is the vendor call itself, given the call options to use. */
  async read<T>(vendor: Vendor, endpoint: string, key: string, call: CachedCall, fetch: (call: CallOptions) => Promise<T>): Promise<T> {
    const near = this.near.peek(key);
    const stored = near && (this.shared === null || this.state(vendor, near) === "fresh") ? near : await this.lookup(vendor, key, near);
    const state = stored ? this.state(vendor, stored) : "gone";
    if (stored && state === "fresh") {
      this.observer.cache?.({ vendor, result: "hit" });
      call.sink?.saw(vendor, stored.fetchedAt);
      return stored.value as T;
    }
    if (stored && state === "stale" && !call.preferFresh) {
      this.observer.cache?.({ vendor, result: "stale" });
      call.sink?.saw(vendor, stored.fetchedAt);
      this.refreshSoon(vendor, endpoint, key, fetch);
      return stored.value as T;
    }
    let answer: StoredAnswer;
    try {
      answer = await this.fetchShared(vendor, endpoint, key, call, fetch, false);
    } catch (error) {
      // Only a read that chose to wait for a refresh still has a stale answer to fall back on.
      if (!stored || state !== "stale" || call.signal?.aborted) throw error;
      this.observer.cache?.({ vendor, result: "stale" });
      call.sink?.saw(vendor, stored.fetchedAt);
      return stored.value as T;
    }
    this.observer.cache?.({ vendor, result: "miss" });
    call.sink?.saw(vendor, answer.fetchedAt);
    return answer.value as T;
  }

  /** A background refresh is queued or running. */
  get busy(): boolean {
    return this.queued.size > 0 || this.runningTotal() > 0;
  }

  /** Resolves once no refresh is queued or running (tests, and a graceful drain). */
  idle(): Promise<void> {
    if (!this.busy) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private state(vendor: Vendor, answer: StoredAnswer): Freshness {
    return freshness(this.clock.now() - answer.fetchedAt, this.settings.ttlMs[vendor], this.settings.staleMs);
  }

  // The near copy is served while fresh; past that, the shared store may hold a newer answer
  // another replica fetched. A shared store that fails (Redis down) is a miss, never an error:
  // the near copy, or the vendor, is still there.
  private async lookup(vendor: Vendor, key: string, near: StoredAnswer | undefined): Promise<StoredAnswer | undefined> {
    if (!this.shared) return near;
    let far: StoredAnswer | undefined;
    try {
      far = await this.shared.get(key);
      this.storeDown = false;
    } catch (error) {
      this.storeFailed(error);
      return near;
    }
    if (!far || (near && near.fetchedAt >= far.fetchedAt)) return near;
    this.near.set(key, far, this.keepMs(vendor) - (this.clock.now() - far.fetchedAt));
    return far;
  }

  private async save(vendor: Vendor, key: string, answer: StoredAnswer): Promise<void> {
    void this.near.set(key, answer, this.keepMs(vendor));
    if (!this.shared) return;
    try {
      await this.shared.set(key, answer, this.keepMs(vendor));
    } catch (error) {
      this.storeFailed(error);
    }
  }

  /** How long an answer is kept at all: its TTL and the stale window after it. */
  private keepMs(vendor: Vendor): number {
    return this.settings.ttlMs[vendor] + this.settings.staleMs;
  }

  private storeFailed(error: unknown): void {
    if (this.storeDown) return;
    this.storeDown = true;
    // By kind only: a store's error text may quote its URL.
    this.logger.warn({ code: (error as { code?: unknown }).code ?? (error as Error).name }, "shared cache (redis) unavailable; this replica caches alone");
  }

  /** The one fetch of `key` in flight in this process, joined by this read. */
  private fetchShared<T>(vendor: Vendor, endpoint: string, key: string, call: CachedCall, fetch: (call: CallOptions) => Promise<T>, background: boolean): Promise<StoredAnswer> {
    let flight = this.flights.get(key);
    if (!flight || flight.shared.abandoned) flight = this.startFlight(vendor, key, fetch, background);
    if (background) return flight.promise;
    return flight.shared.wait(flight.promise, call, (reason) => giveUpError(vendor, endpoint, reason));
  }

  private startFlight<T>(vendor: Vendor, key: string, fetch: (call: CallOptions) => Promise<T>, background: boolean): Flight {
    const shared = new SharedCall(this.clock, background ? { background: { deadline: this.clock.now() + BACKGROUND_DEADLINE_MS } } : {});
    const fetchAndStore = async (): Promise<StoredAnswer> => {
      const value = await fetch(shared.options);
      const answer = { value, fetchedAt: this.clock.now() };
      await this.save(vendor, key, answer);
      return answer;
    };
    // Started on the next tick, once the first waiter has joined: its deadline is the flight's.
    const promise = Promise.resolve().then(() => {
      if (!this.shared?.once) return fetchAndStore();
      const deadline = shared.options.deadline;
      const lockMs = Math.min(60_000, Math.max(1000, (deadline ?? this.clock.now() + 30_000) - this.clock.now()));
      return this.shared.once(key, fetchAndStore, { signal: shared.options.signal as AbortSignal, lockMs, fresh: (a) => this.state(vendor, a) === "fresh" }).catch((error: unknown) => {
        if (error instanceof StoreUnavailable) {
          this.storeFailed(error.cause);
          return fetchAndStore();
        }
        throw error;
      });
    });
    const flight: Flight = { shared, promise };
    this.flights.set(key, flight);
    promise
      .finally(() => {
        if (this.flights.get(key) === flight) this.flights.delete(key);
      })
      .catch(() => {}); // every waiter gets the error through its own promise
    return flight;
  }

  private refreshSoon<T>(vendor: Vendor, endpoint: string, key: string, fetch: (call: CallOptions) => Promise<T>): void {
    if (this.flights.has(key) || this.queued.has(key) || this.queued.size >= MAX_QUEUED_REFRESHES) return;
    this.queued.set(key, { vendor, start: () => this.fetchShared(vendor, endpoint, key, {}, fetch, true) });
    this.pump();
  }

  private pump(): void {
    for (const [key, refresh] of this.queued) {
      const running = this.running.get(refresh.vendor) ?? 0;
      if (running >= this.refreshConcurrency) continue;
      this.queued.delete(key);
      this.running.set(refresh.vendor, running + 1);
      refresh
        .start()
        .catch((error: unknown) => {
          // The stale answer stays in place and keeps being served; the vendor's failure was logged where it happened.
          this.logger.debug({ vendor: refresh.vendor, code: error instanceof UpstreamError ? error.code : "error" }, "cache refresh failed; the stale answer stays");
        })
        .finally(() => {
          this.running.set(refresh.vendor, (this.running.get(refresh.vendor) ?? 1) - 1);
          this.pump();
          if (this.queued.size === 0 && this.runningTotal() === 0) {
            const waiters = this.idleWaiters;
            this.idleWaiters = [];
            for (const resolve of waiters) resolve();
          }
        });
    }
  }

  private runningTotal(): number {
    let total = 0;
    for (const n of this.running.values()) total += n;
    return total;
  }
}

/** Thrown by a store's `once` when the store itself (not the vendor) failed. */
export class StoreUnavailable extends Error {
  override readonly name = "StoreUnavailable";
}

/** What one waiter of a shared call sees when it stops waiting, worded as the transport words it. */
export function giveUpError(vendor: Vendor, endpoint: string, reason: "cancelled" | "deadline"): UpstreamError {
  return new UpstreamError({
    vendor,
    endpoint,
    code: "UPSTREAM_TIMEOUT",
    message: reason === "cancelled" ? `${vendor} ${endpoint} was dropped: the request was cancelled` : `${vendor} ${endpoint} did not answer before the operation's deadline`,
  });
}
