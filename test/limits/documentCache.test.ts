// The parsed-document cache is bounded in bytes: least recently used entries go first, and an
// entry over the per-entry bound is never kept.
import { parse } from "graphql";
import { describe, expect, it } from "vitest";
import { ByteBoundedLru, documentBytes } from "../../src/limits/documentCache.js";

describe("byte-bounded LRU", () => {
  const lru = () => new ByteBoundedLru<string>(100, 40, (_key, value) => value.length);

  it("evicts the least recently used entries once over its bytes", () => {
    const cache = lru();
    cache.set("a", "x".repeat(40));
    cache.set("b", "x".repeat(40));
    expect(cache.get("a")).toHaveLength(40);
    cache.set("c", "x".repeat(30));
    expect(cache.bytes).toBe(70);
    expect(cache.get("b")).toBeUndefined();
    expect(cache.get("a")).toHaveLength(40);
    expect(cache.get("c")).toHaveLength(30);
  });

  it("keeps nothing over the entry bound, and replacing an entry frees its bytes", () => {
    const cache = lru();
    cache.set("big", "x".repeat(41));
    expect(cache.size).toBe(0);
    cache.set("a", "x".repeat(30));
    cache.set("a", "x".repeat(10));
    expect(cache.bytes).toBe(10);
    cache.set("a", "x".repeat(41));
    expect(cache.size).toBe(0);
    expect(cache.bytes).toBe(0);
  });

  it("refuses bounds that are not positive integers, or an entry bound over the whole, showing them", () => {
    const size = (_key: string, value: string) => value.length;
    expect(() => new ByteBoundedLru<string>(0, 1, size)).toThrow("cache bound 0 must be a positive integer of bytes");
    expect(() => new ByteBoundedLru<string>(100.5, 40, size)).toThrow("cache bound 100.5 must be a positive integer of bytes");
    expect(() => new ByteBoundedLru<string>(100, 101, size)).toThrow("cache entry bound 101 must be in 1..100");
    expect(() => new ByteBoundedLru<string>(100, 0.5, size)).toThrow("cache entry bound 0.5 must be in 1..100");
  });

  it("weighs a document by its text and its tokens", () => {
    const text = "{ corps { corpId name } }";
    // { corps { corpId name } } is 7 tokens, plus the start-of-file and end-of-file tokens.
    expect(documentBytes(text, parse(text))).toBe(text.length * 2 + 9 * 350);
  });
});
