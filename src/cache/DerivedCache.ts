// Indexes built from cached vendor answers (the yunzhenji account index, shiheng's employee index,
// the mobile indexes), kept across requests in this process. They are cheap to keep and dear to
// rebuild: the "complete" mobile index of a corp reads one directory profile per employee.
//
// An index is as old as its oldest input. While it is built, every answer it reads reports when
// it was fetched (AnswerSink); the index then expires when its first input does (that input's
// fetch time plus its vendor's TTL), follows the same fresh / stale / gone rule as the answers
// themselves, and tells each request that uses it how old its inputs are, so `extensions.stale`
// is right whether the data came straight from a vendor answer or through an index. Keyed by
// expiry rather than by the versions of its inputs: checking every input's version would cost
// as much as rebuilding. With Redis the inputs are shared and the index is rebuilt per replica
// from them, without vendor calls while they are fresh.
//
// A stale index is served at once while one rebuild runs in the background; the rebuild asks for
// fresh inputs (waiting for their refresh) and keeps the old index if it fails. Built once at a
// time per key, whoever asks (SharedCall), and never kept when built without a best-effort
// input (AnswerSink.missed).
import type { Vendor } from "../errors/codes.js";
import { GraphError } from "../errors/GraphError.js";
import type { Observer } from "../core/Observer.js";
import { silentLogger, type Logger } from "../core/Logger.js";
import { systemClock, type Clock } from "../core/Clock.js";
import type { AnswerSink, CachedCall } from "./AnswerSink.js";
import { freshness, type CacheSettings, type Freshness } from "./CacheSettings.js";
import { SharedCall } from "./SharedCall.js";
import { BACKGROUND_DEADLINE_MS } from "./VendorCache.js";

/** When each vendor's oldest input of an index was fetched. */
type Inputs = ReadonlyMap<Vendor, number>;

interface Built<T> {
  value: T;
  inputs: Inputs;
}

interface Entry extends Built<unknown> {
  /** When the first input expires (or, with no input at all, when it was built plus the shortest TTL). */
  expiresAt: number;
}

class InputRecorder implements AnswerSink {
  readonly inputs = new Map<Vendor, number>();
  complete = true;
  saw(vendor: Vendor, fetchedAt: number): void {
    const seen = this.inputs.get(vendor);
    if (seen === undefined || fetchedAt < seen) this.inputs.set(vendor, fetchedAt);
  }
  missed(): void {
    this.complete = false;
  }
}

export interface DerivedCacheOptions {
  settings: CacheSettings;
  clock?: Clock;
  logger?: Logger;
  observer?: Observer;
}

export class DerivedCache {
  private readonly settings: CacheSettings;
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly observer: Observer;
  private readonly entries = new Map<string, Entry>();
  private readonly builds = new Map<string, { shared: SharedCall; promise: Promise<Built<unknown>> }>();
  private readonly rebuilding = new Set<string>();
  private idleWaiters: (() => void)[] = [];

  constructor(options: DerivedCacheOptions) {
    this.settings = options.settings;
    this.clock = options.clock ?? systemClock;
    this.logger = options.logger ?? silentLogger;
    this.observer = options.observer ?? {};
  }

  /** Whether an index built from these vendors is kept across requests: only if every one of them is cached. */
  caches(deps: readonly Vendor[]): boolean {
    return deps.length > 0 && deps.every((vendor) => this.settings.ttlMs[vendor] > 0);
  }

  /** Whether a servable (fresh or stale) index is held under `key`: using it costs no vendor call. */
  holds(key: string): boolean {
    const entry = this.entries.get(key);
    return entry !== undefined && this.state(entry) !== "gone";
  }

  /**
   * The index under `key`, built by `build` from the vendors `deps` when none is held. `build` gets
   * the call options its reads must use (they record its inputs); `call` is the asking request's.
   */
  async get<T>(key: string, deps: readonly Vendor[], call: CachedCall, build: (call: CachedCall) => Promise<T>): Promise<T> {
    const entry = this.entries.get(key);
    const state = entry ? this.state(entry) : "gone";
    if (entry && state === "fresh") {
      this.count(deps, "hit");
      return this.serve(entry, call) as T;
    }
    if (entry && state === "stale" && !call.preferFresh) {
      this.count(deps, "stale");
      this.rebuildSoon(key, deps, build);
      return this.serve(entry, call) as T;
    }
    if (state === "gone") this.entries.delete(key);
    let built: Built<unknown>;
    try {
      built = await this.buildShared(key, deps, call, build, false);
    } catch (error) {
      if (!entry || state !== "stale" || call.signal?.aborted) throw error;
      this.count(deps, "stale");
      return this.serve(entry, call) as T;
    }
    this.count(deps, "miss");
    return this.serve(built, call) as T;
  }

  /** A background rebuild runs. */
  get busy(): boolean {
    return this.rebuilding.size > 0;
  }

  /** Resolves once no background rebuild runs. */
  idle(): Promise<void> {
    if (!this.busy) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private serve(built: Built<unknown>, call: CachedCall): unknown {
    for (const [vendor, fetchedAt] of built.inputs) call.sink?.saw(vendor, fetchedAt);
    return built.value;
  }

  private state(entry: Entry): Freshness {
    // Age counted from the expiry: fresh before it, then stale for staleMs.
    return freshness(this.clock.now() - entry.expiresAt, 0, this.settings.staleMs);
  }

  private shortestTtl(deps: readonly Vendor[]): number {
    return Math.min(...deps.map((vendor) => this.settings.ttlMs[vendor]));
  }

  // An index read counts as one cache read of each vendor it is built from.
  private count(deps: readonly Vendor[], result: "hit" | "miss" | "stale"): void {
    for (const vendor of deps) this.observer.cache?.({ vendor, result });
  }

  private buildShared<T>(key: string, deps: readonly Vendor[], call: CachedCall, build: (call: CachedCall) => Promise<T>, background: boolean): Promise<Built<unknown>> {
    let flight = this.builds.get(key);
    if (!flight || flight.shared.abandoned) {
      const recorder = new InputRecorder();
      const shared = new SharedCall(this.clock, {
        ...(background ? { background: { deadline: this.clock.now() + BACKGROUND_DEADLINE_MS } } : {}),
        sink: recorder,
        // A rebuild nobody waits for, or one a rebuild waits for, may as well wait for fresh inputs.
        preferFresh: background || Boolean(call.preferFresh),
      });
      const promise = Promise.resolve()
        .then(() => build(shared.options))
        .then((value): Built<unknown> => {
          const built = { value, inputs: recorder.inputs };
          if (recorder.complete) this.entries.set(key, { ...built, expiresAt: this.expiry(deps, recorder.inputs) });
          return built;
        });
      const started = { shared, promise };
      this.builds.set(key, started);
      promise
        .finally(() => {
          if (this.builds.get(key) === started) this.builds.delete(key);
        })
        .catch(() => {});
      flight = started;
    }
    if (background) return flight.promise;
    return flight.shared.wait(flight.promise, call, (reason) => new GraphError("UPSTREAM_TIMEOUT", reason === "cancelled" ? `${deps.join(", ")}: the request was cancelled` : `${deps.join(", ")}: no answer before the operation's deadline`, { vendor: deps[0] as Vendor }));
  }

  private expiry(deps: readonly Vendor[], inputs: Inputs): number {
    let first = Infinity;
    for (const [vendor, fetchedAt] of inputs) if (this.settings.ttlMs[vendor] > 0) first = Math.min(first, fetchedAt + this.settings.ttlMs[vendor]);
    return first === Infinity ? this.clock.now() + this.shortestTtl(deps) : first;
  }

  private rebuildSoon<T>(key: string, deps: readonly Vendor[], build: (call: CachedCall) => Promise<T>): void {
    if (this.rebuilding.has(key) || this.builds.has(key)) return;
    this.rebuilding.add(key);
    this.buildShared(key, deps, {}, build, true)
      .catch((error: unknown) => {
        this.logger.debug({ index: key.split(":")[0], code: (error as { code?: unknown }).code ?? "error" }, "index rebuild failed; the stale index stays");
      })
      .finally(() => {
        this.rebuilding.delete(key);
        if (this.rebuilding.size === 0) {
          const waiters = this.idleWaiters;
          this.idleWaiters = [];
          for (const resolve of waiters) resolve();
        }
      });
  }
}
