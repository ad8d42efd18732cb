// A shared keep-alive client for callers without a Transport of their own (a Transport makes its
// own pool). Its pool is made on first use: the server itself never uses it.
import type { FetchLike } from "../../core/FetchLike.js";
import { nodeHttpFetch } from "./nodeHttpFetch.js";

let shared: FetchLike | null = null;

export const defaultFetch: FetchLike = (url, init) => (shared ??= nodeHttpFetch())(url, init);
