// Every connection field resolves the same way: its paging arguments are checked first (a bad one
// is the client's error), then the window is loaded. A vendor failure is thrown, so the nullable
// connection answers null beside that one error: a count we could not read is never shown as 0.
import { parseWindow, toConnection, type ConnectionShape, type Window } from "./connectionArgs.js";

export interface WindowResult<T> {
  nodes: readonly T[];
  total: number;
}

export async function resolveConnection<T>(
  args: { first?: number | null; after?: string | null },
  load: (window: Window) => Promise<WindowResult<T>>,
): Promise<ConnectionShape<T>> {
  const window = parseWindow(args);
  const { nodes, total } = await load(window);
  return toConnection(window, nodes, total);
}
