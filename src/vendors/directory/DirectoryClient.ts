// 员工信息 getUser: one employee's full WeCom profile, one call per employee (no batch endpoint).
// Vendor facts: docs/vendors/directory.md.
import type { DirectoryProfile } from "../../domain/types.js";
import { isNonEmptyString, type VendorClientOptions } from "../http/clientOptions.js";
import { showValue } from "../../core/showValue.js";
import { NO_CALL_OPTIONS, type CallOptions } from "../../core/CallOptions.js";
import { createVendorTransport } from "../http/createVendorTransport.js";
import { decode } from "../http/decode.js";
import type { Retrying } from "../http/retrying.js";
import type { HttpRequest, Transport } from "../http/transport.js";
import { canonicalEnvelope, canonicalUser } from "./canonical.js";
import { envelopeError, isNotFound } from "./envelope.js";
import { mapDirectoryProfile } from "./map.js";
import { directoryEnvelopeSchema, directoryUserSchema } from "./schemas.js";
import { userBody } from "./userBody.js";

export interface DirectoryClientOptions extends VendorClientOptions {
  /** e.g. `https://dir.example.com` (real) or `${sim.url}/directory`; `/api/v1/getUser` is appended. */
  baseUrl: string;
  /** Auth, sent on every request (docs/vendors/directory.md, Auth), e.g. `{ Authorization: "Bearer …" }`. */
  headers?: Record<string, string>;
}

export interface GetUserArgs {
  /** The WeCom corpid. */
  corpId: string;
  /** The WeCom userid, in any case (the directory compares case-insensitively). */
  userId: string;
}

export const ENDPOINT = "getUser";

export class DirectoryClient {
  readonly vendor = "directory" as const;
  readonly transport: Transport;
  private readonly retry: Retrying;

  constructor(options: DirectoryClientOptions) {
    // The bearer token is in the configured headers; the Transport scrubs them as secrets.
    const { transport, retry } = createVendorTransport(this.vendor, options);
    this.transport = transport;
    this.retry = retry;
  }

  /** The employee's profile, or null when the directory says the userid does not exist (40003 / 60111). */
  async getUser(args: GetUserArgs, call: CallOptions = NO_CALL_OPTIONS): Promise<DirectoryProfile | null> {
    if (args === null || typeof args !== "object") throw new TypeError(`directory: arguments must be an object, got ${showValue(args)}`);
    const { corpId, userId } = args;
    if (!isNonEmptyString(corpId)) throw new TypeError(`directory: corpId must be a non-empty string, got ${showValue(corpId)}`);
    if (!isNonEmptyString(userId)) throw new TypeError(`directory: userId must be a non-empty string, got ${showValue(userId)}`);
    const req: HttpRequest = { endpoint: ENDPOINT, method: "POST", path: "/api/v1/getUser", json: userBody(corpId, userId) };
    return this.retry(
      () =>
        this.transport.exchange(req, call, (res) => {
          const ctx = { transport: this.transport, req, status: res.status };
          const envelope = decode(directoryEnvelopeSchema, res.body, ctx, canonicalEnvelope);
          const failed = envelopeError(envelope, ctx);
          if (failed) throw failed;
          if (isNotFound(envelope)) return null;
          return mapDirectoryProfile(decode(directoryUserSchema, res.body, ctx, canonicalUser), corpId);
        }),
      call,
    );
  }
}
