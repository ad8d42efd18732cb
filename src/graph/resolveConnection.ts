// Every connection field resolves the same way: its paging arguments are checked first (a bad one
// is the client's error and fails the field), then the window is loaded; a vendor failure leaves
// the connection empty with the vendor's error reported once (see softly.ts).
import type { GraphQLResolveInfo } from "graphql";
import { emptyConnection, parseWindow, toConnection, type ConnectionShape, type Window } from "./connectionArgs.js";
import type { GraphContext } from "./context.js";
import { softly } from "./softly.js";

export interface WindowResult<T> {
  nodes: readonly T[];
  total: number;
}

export function resolveConnection<T>(
  ctx: GraphContext,
  info: GraphQLResolveInfo,
  args: { first?: number | null; after?: string | null },
  load: (window: Window) => Promise<WindowResult<T>>,
): Promise<ConnectionShape<T>> {
  const window = parseWindow(args);
  return softly(ctx, info, emptyConnection<T>(window), async () => {
    const { nodes, total } = await load(window);
    return toConnection(window, nodes, total);
  });
}

/** A window over a list already in memory (vendors without server-side paging for this view). */
export function windowOf<T>(rows: readonly T[], window: Window): WindowResult<T> {
  return { nodes: rows.slice(window.offset, window.offset + window.limit), total: rows.length };
}
