// yoga keeps parsed documents (and parse errors) keyed by the query text, by default up to 1024 of
// them whatever their size: a few hundred distinct 20 MiB queries held gigabytes and killed the
// process. These caches are bounded in bytes: a document too big to be worth keeping is parsed
// each time and dropped, and the rest are evicted least recently used.
// The LRU itself is lru-cache's (`maxSize`, `maxEntrySize`, `sizeCalculation`), which evicts,
// refuses and replaces exactly as the hand-written one did (test/limits/documentCache.test.ts), and
// is cheaper on every request's lookup: a hit with 500 documents kept took 68 ns against 596 ns for
// the Map re-insertion it replaced (2 million reads on Node 20). This class keeps the two bounds
// checked once, with their values in the error, and the weighing.
import type { DocumentNode } from "graphql";
import { LRUCache } from "lru-cache";

/** What a parsed document holds per token (node, token, location), measured on graphql 16: 220-340 bytes. */
const BYTES_PER_TOKEN = 350;

/** Documents kept at most, estimated; real operations weigh 10-100 KiB parsed. */
export const DOCUMENT_CACHE_BYTES = 16 * 1024 * 1024;
/** A document estimated above this is not kept (a 1 MiB query is refused or parsed once). */
export const DOCUMENT_CACHE_ENTRY_BYTES = 256 * 1024;

export class ByteBoundedLru<V extends {}> {
  private readonly entries: LRUCache<string, V>;

  constructor(maxBytes: number, maxEntryBytes: number, sizeOf: (key: string, value: V) => number) {
    if (!Number.isInteger(maxBytes) || maxBytes < 1) throw new TypeError(`cache bound ${maxBytes} must be a positive integer of bytes`);
    if (!(Number.isInteger(maxEntryBytes) && maxEntryBytes > 0 && maxEntryBytes <= maxBytes)) throw new TypeError(`cache entry bound ${maxEntryBytes} must be in 1..${maxBytes}`);
    this.entries = new LRUCache<string, V>({ maxSize: maxBytes, maxEntrySize: maxEntryBytes, sizeCalculation: (value, key) => sizeOf(key, value) });
  }

  get bytes(): number {
    return this.entries.calculatedSize;
  }

  get size(): number {
    return this.entries.size;
  }

  get(key: string): V | undefined {
    return this.entries.get(key);
  }

  /** An entry weighing over the entry bound is not kept, and takes any older value of its key out. */
  set(key: string, value: V): void {
    this.entries.set(key, value);
  }
}

/** The key (the query text, two bytes a character at worst) plus the parsed tokens. */
export function documentBytes(source: string, document: DocumentNode): number {
  let tokens = 0;
  for (let token = document.loc?.startToken ?? null; token; token = token.next) tokens++;
  return source.length * 2 + tokens * BYTES_PER_TOKEN;
}

/** yoga's `parserAndValidationCache`; validation results live in a WeakMap keyed by these documents. */
export function boundedParserCache(maxBytes = DOCUMENT_CACHE_BYTES, maxEntryBytes = DOCUMENT_CACHE_ENTRY_BYTES) {
  return {
    documentCache: new ByteBoundedLru<DocumentNode>(maxBytes, maxEntryBytes, documentBytes),
    // A parse error holds its source text (error.source.body).
    errorCache: new ByteBoundedLru<{}>(Math.max(1, Math.floor(maxBytes / 4)), Math.max(1, Math.floor(maxEntryBytes / 4)), (key) => key.length * 2 + 1024),
    validationCache: true,
  };
}
