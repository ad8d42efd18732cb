// The directory has no batch endpoint (docs/vendors/directory.md, Paging): N employees cost N calls, so they go out
// a few at a time instead of all at once, which would only earn us 45009 (rate limited).
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
