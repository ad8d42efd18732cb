// Connections page by offset: a cursor names a position, not a vendor page, so it stays valid
// whatever page size the vendor picks. `first` is 0..100, default 20 (src/domain/paging.ts); 0 asks only for
// `totalCount` and `pageInfo`, the commonest dashboard query.
import { badUserInput } from "../errors/GraphError.js";
import type { Window } from "../loaders/sliceRemote.js";

import { DEFAULT_FIRST, MAX_FIRST } from "../domain/paging.js";

export type { Window } from "../loaders/sliceRemote.js";

const PREFIX = "wg1:";

export function encodeCursor(offset: number): string {
  return Buffer.from(`${PREFIX}${offset}`, "utf8").toString("base64url");
}

export function parseWindow(args: { first?: number | null; after?: string | null }): Window {
  const first = args.first ?? DEFAULT_FIRST;
  if (!Number.isInteger(first) || first < 0 || first > MAX_FIRST) {
    throw badUserInput(`first must be between 0 and ${MAX_FIRST}, got ${first}`);
  }
  let offset = 0;
  if (args.after !== null && args.after !== undefined) {
    const text = /^[A-Za-z0-9_-]+$/.test(args.after) ? Buffer.from(args.after, "base64url").toString("utf8") : "";
    const m = text.startsWith(PREFIX) ? /^\d{1,9}$/.exec(text.slice(PREFIX.length)) : null;
    if (!m) throw badUserInput(`after ${JSON.stringify(args.after)} is not a cursor of this connection`);
    offset = Number(m[0]) + 1;
  }
  return { offset, limit: first };
}

export interface ConnectionShape<T> {
  edges: { cursor: string; node: T }[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  totalCount: number;
}

export function toConnection<T>(window: Window, nodes: readonly T[], totalCount: number): ConnectionShape<T> {
  const edges = nodes.map((node, i) => ({ cursor: encodeCursor(window.offset + i), node }));
  return {
    edges,
    pageInfo: {
      hasNextPage: window.offset + nodes.length < totalCount,
      hasPreviousPage: window.offset > 0,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    },
    totalCount,
  };
}
