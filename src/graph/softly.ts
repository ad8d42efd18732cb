// Non-null fields that need a vendor (a connection, a list) cannot turn null without taking their
// parent down with them, and with it every other vendor's data in the query. They answer with an
// empty value instead and report the vendor's error once, at their own path.
import type { GraphQLResolveInfo } from "graphql";
import { GraphError } from "../errors/GraphError.js";
import { UpstreamError } from "../vendors/http/UpstreamError.js";
import { pathOf, type GraphContext } from "./context.js";

export function isVendorFailure(error: unknown): boolean {
  return error instanceof UpstreamError || (error instanceof GraphError && error.code === "VENDOR_NOT_CONFIGURED");
}

export async function softly<T>(ctx: GraphContext, info: GraphQLResolveInfo, fallback: T, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (!isVendorFailure(error)) throw error;
    ctx.softErrors.push({ error, path: pathOf(info) });
    return fallback;
  }
}
