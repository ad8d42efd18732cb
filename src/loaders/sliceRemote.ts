// Maps an offset window onto a vendor's numbered pages. Cursors are offsets, so they stay valid
// whatever page size the vendor uses; yunzhong even picks its own per_page (docs/vendors/yunzhong.md, Paging), so
// the size is learned from the answer and a hint is only ever a guess that the answer corrects.

/** An offset window, as a connection's cursor and `first` define it. */
export interface Window {
  offset: number;
  limit: number;
}

export interface RemotePage<T> {
  rows: T[];
  /** The page size the vendor says it used. */
  pageSize: number;
  total: number;
}

export interface RemoteSlice<T> {
  rows: T[];
  total: number;
  pageSize: number;
}

export interface SliceOptions<T> {
  offset: number;
  limit: number;
  /** The page size we expect (our request, or what the vendor said last time). */
  pageSizeHint?: number | null;
  fetchPage(page: number): Promise<RemotePage<T>>;
}

const MAX_RESIZES = 2;

export async function sliceRemote<T>(options: SliceOptions<T>): Promise<RemoteSlice<T>> {
  const { offset, limit, fetchPage } = options;
  let size = options.pageSizeHint ?? null;
  for (let attempt = 0; ; attempt++) {
    const firstPage = size === null ? 1 : Math.floor(offset / size) + 1;
    const head = await fetchPage(firstPage);
    const actual = Math.max(1, head.pageSize);
    if (size !== null && actual !== size && attempt < MAX_RESIZES) {
      size = actual;
      continue;
    }
    size = actual;
    // The first fetched page tells the total, so no call goes past the end.
    const pageOf = (index: number) => Math.floor(index / actual) + 1;
    const startPage = pageOf(offset);
    const end = Math.min(offset + limit, head.total);
    if (end <= offset) return { rows: [], total: head.total, pageSize: actual };
    const lastPage = pageOf(end - 1);
    const numbers: number[] = [];
    for (let p = startPage; p <= lastPage; p++) numbers.push(p);
    const pages = await Promise.all(numbers.map((p) => (p === firstPage ? head : fetchPage(p))));
    if (pages.some((p) => Math.max(1, p.pageSize) !== actual) && attempt < MAX_RESIZES) {
      size = null;
      continue;
    }
    const rows = pages.flatMap((p) => p.rows);
    const skip = offset - (startPage - 1) * actual;
    return { rows: rows.slice(skip, skip + limit), total: head.total, pageSize: actual };
  }
}

/** A window over a list already in memory (a view the vendor cannot page, or a merged walk). */
export function windowOf<T>(rows: readonly T[], { offset, limit }: Window): { nodes: T[]; total: number } {
  return { nodes: rows.slice(offset, offset + limit), total: rows.length };
}
