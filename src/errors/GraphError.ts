// The errors we raise on purpose outside a vendor call. Together with UpstreamError they are the
// only errors whose message reaches a client; the boundary (server/useErrorBoundary.ts) masks the rest.
import type { ErrorCode, Vendor } from "./codes.js";

export class GraphError extends Error {
  override readonly name = "GraphError";
  readonly code: ErrorCode;
  readonly vendor: Vendor | null;

  constructor(code: ErrorCode, message: string, options: { vendor?: Vendor; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.vendor = options.vendor ?? null;
  }
}

export function badUserInput(message: string): GraphError {
  return new GraphError("BAD_USER_INPUT", message);
}

// One message per vendor, whatever field asked: the boundary merges equal errors into one.
export function vendorNotConfigured(vendor: Vendor): GraphError {
  return new GraphError("VENDOR_NOT_CONFIGURED", `${vendor} is not configured: add vendors.${vendor} to the config file to answer this field`, { vendor });
}
