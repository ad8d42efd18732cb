// What every client builds first: its options checked, one Transport, and the retry loop that
// wraps each public call. Vendor auth (a token, a sign) is not here: it is done per attempt, inside
// the loop, by the vendor's own code.
import type { Vendor } from "../../errors/codes.js";
import { checkClientOptions, type VendorClientOptions } from "./clientOptions.js";
import { retrying, type Retrying } from "./retrying.js";
import { Transport } from "./transport.js";

export interface VendorTransport {
  transport: Transport;
  retry: Retrying;
}

/**
 * `secretOptions` names the client's credential options (appSecret, accessToken): their values are
 * scrubbed like the configured headers'. They are read only after the options were checked to be
 * an object, so a null `options` still gets its TypeError rather than a property access crash.
 */
export function createVendorTransport<O extends VendorClientOptions>(
  vendor: Vendor,
  options: O,
  secretOptions: readonly (keyof O & string)[] = [],
): VendorTransport {
  const checked = checkClientOptions(vendor, options);
  const transport = new Transport({
    vendor,
    baseUrl: checked.baseUrl,
    timeoutMs: options.timeoutMs,
    headers: { ...options.headers },
    fetch: options.fetch,
    logger: options.logger,
    clock: options.clock,
    ...(options.wrappers ? { wrappers: options.wrappers } : {}),
    secrets: secretOptions.map((name) => {
      const value = options[name];
      return typeof value === "string" ? value : undefined;
    }),
  });
  return { transport, retry: retrying(transport, checked.retry) };
}
