// 芸众 WechatCustomers: the external-customer list of one platform (uniacid), page by page.
// Vendor page: /work/shared/vendor-docs/original/yunzhong-wechat-customers-getlist.txt; vendor-docs README §3.
import type { CustomerPage, ExternalCustomer } from "../../domain/types.js";
import { checkClientOptions, checkInt, secretShape, showValue, type VendorClientOptions } from "../http/clientOptions.js";
import { decode } from "../http/decode.js";
import { Transport, type HttpRequest } from "../http/transport.js";
import { withRetry } from "../http/withRetry.js";
import { envelopeError } from "./envelope.js";
import { headerSecrets } from "./headerSecrets.js";
import { mapCustomerPage } from "./map.js";
import { paginate } from "./paginate.js";
import { yunzhongEnvelopeSchema, yunzhongListResponseSchema } from "./schemas.js";
import { searchParams, validateSearch, type YunzhongSearch } from "./searchParams.js";

export type { YunzhongSearch } from "./searchParams.js";

export interface YunzhongClientOptions extends VendorClientOptions {
  /** e.g. `https://shop.example.com` (real) or `${sim.url}/yunzhong`; no trailing path. */
  baseUrl: string;
  /**
   * The merchant session, sent on every request (README §3 Decision: configured headers, e.g.
   * `{ Cookie: "laravel_session=…" }`). Without it yunzhong answers 请先登录.
   */
  headers?: Record<string, string>;
}

export interface ListCustomersPageArgs {
  uniacid: number;
  page: number;
  search?: YunzhongSearch;
}

export interface CustomersArgs {
  uniacid: number;
  search?: YunzhongSearch;
}

export const ENDPOINT = "getList";

export class YunzhongClient {
  readonly vendor = "yunzhong" as const;
  readonly transport: Transport;
  private readonly retries: number;
  private readonly retryBaseDelayMs: number | undefined;
  private readonly random: (() => number) | undefined;

  constructor(options: YunzhongClientOptions) {
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

  /** One page as the server cuts it (it picks per_page; we only choose which page). */
  async listCustomersPage(args: ListCustomersPageArgs): Promise<CustomerPage> {
    const { uniacid, search } = validateCustomersArgs(args);
    const page = checkInt(this.vendor, "page", args.page, 1, Number.MAX_SAFE_INTEGER);
    return this.fetchPage(uniacid, page, search);
  }

  /** Every page of the corp's list (page 1 even when empty), for callers that want the catalogues too. */
  pages(args: CustomersArgs): AsyncGenerator<CustomerPage, void, undefined> {
    const { uniacid, search } = validateCustomersArgs(args);
    return paginate((page) => this.fetchPage(uniacid, page, search));
  }

  /** Every customer row of the corp, in the vendor's order (newest first). */
  customers(args: CustomersArgs): AsyncGenerator<ExternalCustomer, void, undefined> {
    const pages = this.pages(args);
    return (async function* rows() {
      for await (const page of pages) yield* page.rows;
    })();
  }

  private fetchPage(uniacid: number, page: number, search: YunzhongSearch | undefined): Promise<CustomerPage> {
    const req: HttpRequest = {
      endpoint: ENDPOINT,
      method: "GET",
      path: `/business/${uniacid}/plugin/WechatCustomers/getList`,
      query: searchParams(search, page),
    };
    const transport = this.transport;
    return withRetry(
      async () => {
        const res = await transport.request(req);
        const ctx = { transport, req, status: res.status };
        const refused = envelopeError(decode(yunzhongEnvelopeSchema, res.body, ctx), ctx);
        if (refused) throw refused;
        return mapCustomerPage(decode(yunzhongListResponseSchema, res.body, ctx).data, uniacid);
      },
      {
        retries: this.retries,
        clock: transport.clock,
        ...(this.retryBaseDelayMs === undefined ? {} : { baseDelayMs: this.retryBaseDelayMs }),
        ...(this.random ? { random: this.random } : {}),
        onRetry: (error, attempt, delayMs) =>
          transport.logger.warn(
            { vendor: this.vendor, endpoint: ENDPOINT, attempt, delayMs, code: error.code, status: error.status, error: error.message },
            "retrying upstream call",
          ),
      },
    );
  }
}

function validateCustomersArgs(args: CustomersArgs): { uniacid: number; search: YunzhongSearch | undefined } {
  if (args === null || typeof args !== "object") throw new TypeError(`yunzhong: arguments must be an object, got ${showValue(args)}`);
  const uniacid = checkInt("yunzhong", "uniacid", args.uniacid, 1, Number.MAX_SAFE_INTEGER);
  return { uniacid, search: validateSearch(args.search) };
}

/** Header values are the credentials here, so a bad one is described by its type, never shown. */
function checkHeaders(headers: unknown): void {
  if (headers === undefined) return;
  if (headers === null || typeof headers !== "object" || Array.isArray(headers)) {
    throw new TypeError(`yunzhong: headers must be an object of strings, got ${secretShape(headers)}`);
  }
  for (const [name, value] of Object.entries(headers)) {
    if (typeof value !== "string") throw new TypeError(`yunzhong: headers[${showValue(name)}] must be a string, got ${secretShape(value)}`);
  }
}
