// 员工信息 getUser: one employee's full WeCom profile, one call per employee (no batch endpoint).
// Vendor page: /work/shared/vendor-docs/original/directory-getuser.txt; vendor-docs README §4.
import type { DirectoryProfile } from "../../domain/types.js";
import { checkClientOptions, isNonEmptyString, secretShape, showValue, type VendorClientOptions } from "../http/clientOptions.js";
import { decode } from "../http/decode.js";
import { Transport, type HttpRequest } from "../http/transport.js";
import { withRetry } from "../http/withRetry.js";
import { envelopeError, isNotFound } from "./envelope.js";
import { headerSecrets } from "./headerSecrets.js";
import { mapDirectoryProfile } from "./map.js";
import { directoryEnvelopeSchema, directoryUserSchema } from "./schemas.js";
import { userBody } from "./userBody.js";

export interface DirectoryClientOptions extends VendorClientOptions {
  /** e.g. `https://dir.example.com` (real) or `${sim.url}/directory`; `/api/v1/getUser` is appended. */
  baseUrl: string;
  /** Auth, sent on every request (README §4 Decision), e.g. `{ Authorization: "Bearer …" }`. */
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
  private readonly retries: number;
  private readonly retryBaseDelayMs: number | undefined;
  private readonly random: (() => number) | undefined;

  constructor(options: DirectoryClientOptions) {
    const checked = checkClientOptions(this.vendor, options);
    checkHeaders(options.headers);
    this.retries = checked.retries;
    this.retryBaseDelayMs = checked.retryBaseDelayMs;
    this.random = options.random;
    this.transport = new Transport({
      vendor: this.vendor,
      baseUrl: checked.baseUrl,
      ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
      headers: { ...options.headers },
      ...(options.fetch ? { fetch: options.fetch } : {}),
      ...(options.logger ? { logger: options.logger } : {}),
      ...(options.clock ? { clock: options.clock } : {}),
      secrets: headerSecrets(options.headers),
    });
  }

  /** The employee's profile, or null when the directory says the userid does not exist (40003 / 60111). */
  async getUser(args: GetUserArgs): Promise<DirectoryProfile | null> {
    if (args === null || typeof args !== "object") throw new TypeError(`directory: arguments must be an object, got ${showValue(args)}`);
    const { corpId, userId } = args;
    if (!isNonEmptyString(corpId)) throw new TypeError(`directory: corpId must be a non-empty string, got ${showValue(corpId)}`);
    if (!isNonEmptyString(userId)) throw new TypeError(`directory: userId must be a non-empty string, got ${showValue(userId)}`);
    const req: HttpRequest = { endpoint: ENDPOINT, method: "POST", path: "/api/v1/getUser", json: userBody(corpId, userId) };
    const transport = this.transport;
    return withRetry(
      async () => {
        const res = await transport.request(req);
        const ctx = { transport, req, status: res.status };
        const envelope = decode(directoryEnvelopeSchema, res.body, ctx);
        const failed = envelopeError(envelope, ctx);
        if (failed) throw failed;
        if (isNotFound(envelope)) return null;
        return mapDirectoryProfile(decode(directoryUserSchema, res.body, ctx), corpId);
      },
      {
        retries: this.retries,
        clock: transport.clock,
        ...(this.retryBaseDelayMs === undefined ? {} : { baseDelayMs: this.retryBaseDelayMs }),
        ...(this.random ? { random: this.random } : {}),
        onRetry: (error, attempt, delayMs) =>
          transport.logger.warn(
            { vendor: this.vendor, endpoint: ENDPOINT, attempt, delayMs, code: error.code, vendorCode: error.vendorCode, status: error.status, error: error.message },
            "retrying upstream call",
          ),
      },
    );
  }
}

/** Header values are the credentials here, so a bad one is described by its type, never shown. */
function checkHeaders(headers: unknown): void {
  if (headers === undefined) return;
  if (headers === null || typeof headers !== "object" || Array.isArray(headers)) {
    throw new TypeError(`directory: headers must be an object of strings, got ${secretShape(headers)}`);
  }
  for (const [name, value] of Object.entries(headers)) {
    if (typeof value !== "string") throw new TypeError(`directory: headers[${showValue(name)}] must be a string, got ${secretShape(value)}`);
  }
}
