// Everything a request may ask of the vendors, built fresh per request: within a request each
// distinct upstream call is made once, whoever needs it. What crosses requests: page-size hints
// and learned walk costs (they only ever save a call), and, when the config gives vendors a TTL,
// the cache (src/cache/): vendor answers through the sources, and the indexes built from them
// through `shared`.
import type { CachedCall } from "../cache/AnswerSink.js";
import type { DerivedCache } from "../cache/DerivedCache.js";
import type { StaleReport } from "../cache/StaleReport.js";
import type { Vendor } from "../errors/codes.js";
import { vendorNotConfigured } from "../errors/GraphError.js";
import type { CallOptions } from "../core/CallOptions.js";
import { loadAccountIndex, type AccountIndex } from "./accountIndex.js";
import { createAccountPageLoader, type AccountPageLoader } from "./accountPageLoader.js";
import { createCustomerPageLoader, type CustomerPageLoader } from "./customerPageLoader.js";
import { createDirectoryLoader, DEFAULT_DIRECTORY_CONCURRENCY, type DirectoryLoader } from "./directoryLoader.js";
import { loadEmployeeIndex, type EmployeeIndex } from "./employeeIndex.js";
import { createShihengFactsLoader, SourceCosts, type ShihengFactsLoader } from "./sourcePlan.js";
import type { AccountSource, CustomerSource, EmployeeListSource, ProfileSource, Sources } from "../vendors/Sources.js";
import { withCall } from "./withCall.js";

/**
 * Page sizes vendors told us before, kept across requests. Only a hint: every answer says its own
 * page size and sliceRemote corrects a stale one, so this never changes a result, only saves a call.
 */
export class PageSizeHints {
  private readonly sizes = new Map<string, number>();
  get(key: string): number | null {
    return this.sizes.get(key) ?? null;
  }
  set(key: string, size: number): void {
    if (this.sizes.size > 10_000) this.sizes.clear();
    this.sizes.set(key, size);
  }
}

const ACCOUNT_INDEX = "accountIndex";
const EMPLOYEE_INDEX = "employeeIndex";

export interface LoaderOptions {
  directoryConcurrency?: number;
  hints?: PageSizeHints;
  /** What source planning learned about costs (sourcePlan.ts), kept across requests. */
  costs?: SourceCosts;
  /** Indexes kept across requests; absent when the cache is off. */
  derived?: DerivedCache | null;
  /** Notes what this request was served past its TTL (`extensions.stale`). */
  report?: StaleReport | null;
  /** The request's deadline, cancellation and call budget, given to every vendor call. */
  call?: CallOptions | CachedCall;
}

export class Loaders {
  readonly hints: PageSizeHints;
  readonly costs: SourceCosts;
  readonly report: StaleReport | null;
  private readonly derived: DerivedCache | null;
  private readonly directoryConcurrency: number;
  /** The app's sources, before this request's call options are bound (index builds bind their own). */
  private readonly unbound: Sources;
  private readonly call: CachedCall;
  private readonly sources: Sources;
  private directoryLoader?: DirectoryLoader;
  private customerPageLoader?: CustomerPageLoader;
  private accountPageLoader?: AccountPageLoader;
  private shihengFactsLoader?: ShihengFactsLoader;
  private accountIndex?: Promise<AccountIndex>;
  private employeeIndex?: Promise<EmployeeIndex>;
  private readonly memos = new Map<string, Promise<unknown>>();

  constructor(sources: Sources, options: LoaderOptions = {}) {
    this.unbound = sources;
    this.report = options.report ?? null;
    // A request's call options are its own plain object; an index build's are live (SharedCall), never copied.
    this.call = this.report ? { ...options.call, sink: this.report } : (options.call ?? {});
    this.sources = options.call || this.report ? withCall(sources, this.call) : sources;
    this.hints = options.hints ?? new PageSizeHints();
    this.costs = options.costs ?? new SourceCosts();
    this.derived = options.derived ?? null;
    this.directoryConcurrency = options.directoryConcurrency ?? DEFAULT_DIRECTORY_CONCURRENCY;
  }

  has(vendor: Vendor): boolean {
    return this.sources[vendor] !== undefined;
  }

  /** Throws VENDOR_NOT_CONFIGURED when a field needs a vendor that is off, even if it makes no call. */
  ensure(vendor: Vendor): void {
    this.need(vendor);
  }

  get directory(): DirectoryLoader {
    return (this.directoryLoader ??= createDirectoryLoader(this.need("directory") as ProfileSource, this.directoryConcurrency));
  }

  get customerPages(): CustomerPageLoader {
    return (this.customerPageLoader ??= createCustomerPageLoader(this.need("yunzhong") as CustomerSource));
  }

  get accountPages(): AccountPageLoader {
    return (this.accountPageLoader ??= createAccountPageLoader(this.need("yunzhenji") as AccountSource));
  }

  /** The whole yunzhenji list, walked at most once per request (once per TTL with the cache). */
  accounts(): Promise<AccountIndex> {
    this.need("yunzhenji");
    return (this.accountIndex ??= this.shared(ACCOUNT_INDEX, ["yunzhenji"], (l) => loadAccountIndex(l.need("yunzhenji") as AccountSource)));
  }

  /** The whole shiheng list, walked at most once per request (once per TTL with the cache). */
  employees(): Promise<EmployeeIndex> {
    this.need("shiheng");
    return (this.employeeIndex ??= this.shared(EMPLOYEE_INDEX, ["shiheng"], (l) => loadEmployeeIndex(l.need("shiheng") as EmployeeListSource)).then((index) => {
      this.costs.learnShihengWalk(index.pages);
      return index;
    }));
  }

  /** shiheng's list is free to read now: this request walked it, or the cache holds its index. */
  shihengListAtHand(): boolean {
    return this.employeeIndex !== undefined || (this.derived?.holds(EMPLOYEE_INDEX) ?? false);
  }

  /** Employee facts from shiheng's list where source planning says walking it pays (sourcePlan.ts). */
  get shihengFacts(): ShihengFactsLoader {
    return (this.shihengFactsLoader ??= createShihengFactsLoader(this));
  }

  /** Request-scoped memo for derived work (indexes built from loaded data), keyed by the caller. */
  memo<T>(key: string, build: () => Promise<T>): Promise<T> {
    let value = this.memos.get(key) as Promise<T> | undefined;
    if (!value) {
      value = build();
      this.memos.set(key, value);
    }
    return value;
  }

  /**
   * An index built from the answers of the vendors `inputs`: once per request, and kept across
   * requests while those answers are (when every one of them is cached). A kept index is built
   * with loaders of its own, so it depends on no one request and learns the age of its inputs.
   */
  shared<T>(key: string, inputs: readonly Vendor[], build: (loaders: Loaders) => Promise<T>): Promise<T> {
    const derived = this.derived;
    if (!derived?.caches(inputs)) return this.memo(key, () => build(this));
    return this.memo(key, () => derived.get(key, inputs, this.call, (call) => build(this.forBuild(call))));
  }

  /** A best-effort read of `vendor` failed: an index being built from it must not be kept. */
  missed(vendor: Vendor): void {
    this.call.sink?.missed?.(vendor);
  }

  private forBuild(call: CachedCall): Loaders {
    return new Loaders(this.unbound, { hints: this.hints, costs: this.costs, derived: this.derived, directoryConcurrency: this.directoryConcurrency, call });
  }

  private need(vendor: Vendor): NonNullable<Sources[Vendor]> {
    const source = this.sources[vendor];
    if (!source) throw vendorNotConfigured(vendor);
    return source;
  }
}
