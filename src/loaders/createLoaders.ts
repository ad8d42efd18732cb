// Everything a request may ask of the vendors, built fresh per request: within a request each
// distinct upstream call is made once, whoever needs it. Across requests only page-size hints are
// kept, and whole-list walks when the config opts in (ListCache).
import type { Vendor } from "../errors/codes.js";
import { vendorNotConfigured } from "../errors/GraphError.js";
import { loadAccountIndex, type AccountIndex } from "./accountIndex.js";
import { createAccountPageLoader, type AccountPageLoader } from "./accountPageLoader.js";
import { createCustomerPageLoader, type CustomerPageLoader } from "./customerPageLoader.js";
import { createDirectoryLoader, DEFAULT_DIRECTORY_CONCURRENCY, type DirectoryLoader } from "./directoryLoader.js";
import { loadEmployeeIndex, type EmployeeIndex } from "./employeeIndex.js";
import { createListedFactsLoader, type ListedFactsLoader } from "./listedFactsLoader.js";
import type { ListCache } from "./ListCache.js";
import type { CallOptions } from "../vendors/http/CallOptions.js";
import { withCall } from "./withCall.js";
import type { AccountSource, CustomerSource, EmployeeListSource, ProfileSource, Sources } from "./sources.js";

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

const SHIHENG_WALK = "shiheng:walk-pages";

export interface LoaderOptions {
  directoryConcurrency?: number;
  hints?: PageSizeHints;
  /** Whole-list walks shared across requests (off unless the config sets a TTL). */
  lists?: ListCache;
  /** The request's deadline, cancellation and call budget, given to every vendor call. */
  call?: CallOptions;
}

export class Loaders {
  readonly hints: PageSizeHints;
  private readonly lists: ListCache | null;
  private readonly directoryConcurrency: number;
  private directoryLoader?: DirectoryLoader;
  private customerPageLoader?: CustomerPageLoader;
  private accountPageLoader?: AccountPageLoader;
  private listedFactsLoader?: ListedFactsLoader;
  private accountIndex?: Promise<AccountIndex>;
  private employeeIndex?: Promise<EmployeeIndex>;
  private readonly memos = new Map<string, Promise<unknown>>();

  private readonly sources: Sources;

  constructor(sources: Sources, options: LoaderOptions = {}) {
    this.sources = options.call ? withCall(sources, options.call) : sources;
    this.hints = options.hints ?? new PageSizeHints();
    this.lists = options.lists ?? null;
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

  /** The whole yunzhenji list, walked at most once per request. */
  accounts(): Promise<AccountIndex> {
    const source = this.need("yunzhenji") as AccountSource;
    return (this.accountIndex ??= this.shared("yunzhenji:accounts", () => loadAccountIndex(source)));
  }

  /** The whole shiheng list, walked at most once per request; its cost is remembered as a hint. */
  employees(): Promise<EmployeeIndex> {
    const source = this.need("shiheng") as EmployeeListSource;
    return (this.employeeIndex ??= this.shared("shiheng:employees", () => loadEmployeeIndex(source)).then((index) => {
      this.hints.set(SHIHENG_WALK, Math.max(1, Math.ceil(index.byUser.size / 50)));
      return index;
    }));
  }

  /** Employee facts from shiheng's list where a walk beats one getUser per employee (see the loader). */
  get listedFacts(): ListedFactsLoader {
    return (this.listedFactsLoader ??= createListedFactsLoader(
      { walking: () => this.employeeIndex !== undefined, walkCost: () => this.hints.get(SHIHENG_WALK), walk: () => this.employees() },
      this.has("directory"),
    ));
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

  private shared<T>(key: string, load: () => Promise<T>): Promise<T> {
    return this.lists ? this.lists.get(key, load) : load();
  }

  private need(vendor: Vendor): NonNullable<Sources[Vendor]> {
    const source = this.sources[vendor];
    if (!source) throw vendorNotConfigured(vendor);
    return source;
  }
}
