// The directory has no batch endpoint (docs/vendors/directory.md, Paging): N employees cost N calls, so they go out
// a few at a time instead of all at once, which would only earn us 45009 (rate limited).
// Ours rather than p-limit's `limit.map`, which keeps the order and the bound too: this starts
// the first `limit` calls at once rather than a microtask later, names a bad limit by its value,
// and its bookkeeping costs about a tenth of p-limit 7.3.3's (a 200-key batch of calls that
// answer at once, 8 at a time, on Node 20: about 13 µs against 160 µs).
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  if (!Number.isInteger(limit) || limit < 1) throw new TypeError(`mapLimit: limit must be a positive integer, got ${JSON.stringify(limit)}`);
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i] as T, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
