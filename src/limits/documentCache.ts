// yoga keeps parsed documents (and parse errors) keyed by the query text, by default up to 1024 of
// them whatever their size: a few hundred distinct 20 MiB queries held gigabytes and killed the
// process. These caches are bounded in bytes: a document too big to be worth keeping is parsed
// each time and dropped, and the rest are evicted least recently used.
import type { DocumentNode } from "graphql";

/** What a parsed document holds per token (node, token, location), measured on graphql 16: 220-340 bytes. */
const BYTES_PER_TOKEN = 350;

/** Documents kept at most, estimated; real operations weigh 10-100 KiB parsed. */
export const DOCUMENT_CACHE_BYTES = 16 * 1024 * 1024;
/** A document estimated above this is not kept (a 1 MiB query is refused or parsed once). */
export const DOCUMENT_CACHE_ENTRY_BYTES = 256 * 1024;

export class ByteBoundedLru<V> {
  private readonly entries = new Map<string, { value: V; bytes: number }>();
  private total = 0;

  constructor(
    private readonly maxBytes: number,
    private readonly maxEntryBytes: number,
    private readonly sizeOf: (key: string, value: V) => number,
  ) {
    if (!(maxEntryBytes > 0 && maxEntryBytes <= maxBytes)) throw new TypeError(`cache entry bound ${maxEntryBytes} must be in 1..${maxBytes}`);
  }

  get bytes(): number {
    return this.total;
  }

  get size(): number {
    return this.entries.size;
  }

  get(key: string): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    // Map order is insertion order: re-inserting marks it most recently used.
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.value;
  }

  set(key: string, value: V): void {
    const bytes = this.sizeOf(key, value);
    const old = this.entries.get(key);
    if (old) {
      this.entries.delete(key);
      this.total -= old.bytes;
    }
    if (bytes > this.maxEntryBytes) return;
    this.entries.set(key, { value, bytes });
    this.total += bytes;
    for (const [k, e] of this.entries) {
      if (this.total <= this.maxBytes) break;
      this.entries.delete(k);
      this.total -= e.bytes;
    }
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
    errorCache: new ByteBoundedLru<unknown>(Math.max(1, Math.floor(maxBytes / 4)), Math.max(1, Math.floor(maxEntryBytes / 4)), (key) => key.length * 2 + 1024),
    validationCache: true,
  };
}
