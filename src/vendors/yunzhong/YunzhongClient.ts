// 芸众 WechatCustomers: the external-customer list of one platform (uniacid), page by page.
// Vendor facts: docs/vendors/yunzhong.md.
import type { CustomerPage, ExternalCustomer } from "../../domain/types.js";
import { checkInt, type VendorClientOptions } from "../http/clientOptions.js";
import { showValue } from "../../core/showValue.js";
import { NO_CALL_OPTIONS, type CallOptions } from "../../core/CallOptions.js";
import { createVendorTransport } from "../http/createVendorTransport.js";
import { decode } from "../http/decode.js";
import { rowsOf } from "../http/paginate.js";
import type { Retrying } from "../http/retrying.js";
import type { HttpRequest, Transport } from "../http/transport.js";
import { canonicalEnvelope, canonicalListResponse } from "./canonical.js";
import { envelopeError } from "./envelope.js";
import { mapCustomerPage } from "./map.js";
import { paginate } from "./paginate.js";
import { yunzhongEnvelopeSchema, yunzhongListResponseSchema } from "./schemas.js";
import { searchParams, validateSearch, type YunzhongSearch } from "./searchParams.js";

export type { YunzhongSearch } from "./searchParams.js";

export interface YunzhongClientOptions extends VendorClientOptions {
  /** e.g. `https://shop.example.com` (real) or `${sim.url}/yunzhong`; no trailing path. */
  baseUrl: string;
  /**
   * The merchant session, sent on every request (docs/vendors/yunzhong.md, Auth: configured headers, e.g.
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
  private readonly retry: Retrying;

  constructor(options: YunzhongClientOptions) {
    // The session is the configured headers; the Transport scrubs them as secrets.
    const { transport, retry } = createVendorTransport(this.vendor, options);
    this.transport = transport;
    this.retry = retry;
  }

  /** One page as the server cuts it (it picks per_page; we only choose which page). */
  async listCustomersPage(args: ListCustomersPageArgs, call?: CallOptions): Promise<CustomerPage> {
    const { uniacid, search } = validateCustomersArgs(args);
    const page = checkInt(this.vendor, "page", args.page, 1, Number.MAX_SAFE_INTEGER);
    return this.fetchPage(uniacid, page, search, call);
  }

  /** Every page of the corp's list (page 1 even when empty), for callers that want the catalogues too. */
  pages(args: CustomersArgs): AsyncGenerator<CustomerPage, void, undefined> {
    const { uniacid, search } = validateCustomersArgs(args);
    return paginate((page) => this.fetchPage(uniacid, page, search));
  }

  /** Every customer row of the corp, in the vendor's order (newest first). */
  customers(args: CustomersArgs): AsyncGenerator<ExternalCustomer, void, undefined> {
    return rowsOf(this.pages(args));
  }

  private fetchPage(uniacid: number, page: number, search: YunzhongSearch | undefined, call: CallOptions = NO_CALL_OPTIONS): Promise<CustomerPage> {
    const req: HttpRequest = {
      endpoint: ENDPOINT,
      method: "GET",
      path: `/business/${uniacid}/plugin/WechatCustomers/getList`,
      query: searchParams(search, page),
    };
    return this.retry(
      () =>
        this.transport.exchange(req, call, (res) => {
          const ctx = { transport: this.transport, req, status: res.status };
          const refused = envelopeError(decode(yunzhongEnvelopeSchema, res.body, ctx, canonicalEnvelope), ctx);
          if (refused) throw refused;
          return mapCustomerPage(decode(yunzhongListResponseSchema, res.body, ctx, canonicalListResponse).data, uniacid);
        }),
      call,
    );
  }
}

function validateCustomersArgs(args: CustomersArgs): { uniacid: number; search: YunzhongSearch | undefined } {
  if (args === null || typeof args !== "object") throw new TypeError(`yunzhong: arguments must be an object, got ${showValue(args)}`);
  const uniacid = checkInt("yunzhong", "uniacid", args.uniacid, 1, Number.MAX_SAFE_INTEGER);
  return { uniacid, search: validateSearch(args.search) };
}
