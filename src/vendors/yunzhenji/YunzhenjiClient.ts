// 云真机 (yunzhenji): the WeCom accounts logged in on the platform's cloud phones.
// Vendor facts: docs/vendors/yunzhenji.md.
import type { z } from "zod";
import type { Page, WeComAccount } from "../../domain/types.js";
import type { Canonical } from "../http/canonical.js";
import { checkInt, isNonEmptyString, secretShape, type VendorClientOptions } from "../http/clientOptions.js";
import { showValue } from "../../core/showValue.js";
import { createVendorTransport } from "../http/createVendorTransport.js";
import { decode } from "../http/decode.js";
import { paginate, rowsOf } from "../http/paginate.js";
import { NO_CALL_OPTIONS, type CallOptions } from "../../core/CallOptions.js";
import type { Retrying } from "../http/retrying.js";
import type { HttpRequest, Transport } from "../http/transport.js";
import { canonicalWechatList } from "./canonical.js";
import { checkEnvelope, isTokenRejection } from "./envelope.js";
import { mapAccountsPage } from "./map.js";
import { rawTokenSchema, rawWechatListSchema } from "./schemas.js";
import { tokenFetchCall } from "./tokenFetchCall.js";
import { FixedToken, TokenManager, type IssuedToken, type TokenProvider } from "./tokenManager.js";
import type { TokenStore } from "./tokenStore.js";

/** `page_size` maximum (docs/vendors/yunzhenji.md, Endpoints: default 10, at most 100). */
export const YUNZHENJI_MAX_PAGE_SIZE = 100;
export const YUNZHENJI_DEFAULT_PAGE_SIZE = 100;
/** Lifetime the vendor documents for a token, used when its answer omits `expires_in`. */
export const YUNZHENJI_DEFAULT_TOKEN_TTL_SECONDS = 7200;

export interface YunzhenjiClientOptions extends VendorClientOptions {
  appId: string;
  /** Token flow: a token is fetched with it and refreshed before expiry and on 110-112. */
  appSecret?: string;
  /** A fixed token instead of `appSecret`: nothing to refresh, so 110-112 are final. */
  accessToken?: string;
  /** Default page size of the iterators, 1..100 (default 100). */
  pageSize?: number;
  /** Where the token flow keeps its token: shared by replicas (Redis) or this client's own (default). */
  tokenStore?: TokenStore;
}

export interface ListAccountsPageParams {
  /** true online only, false offline only, absent all. */
  online?: boolean;
  page: number;
  pageSize: number;
}

export interface AccountsParams {
  online?: boolean;
  /** 1..100; default the client's `pageSize` (100). */
  pageSize?: number;
}

export class YunzhenjiClient {
  readonly vendor = "yunzhenji" as const;
  readonly transport: Transport;
  private readonly appId: string;
  private readonly appSecret: string | undefined;
  private readonly tokens: TokenProvider;
  private readonly defaultPageSize: number;
  private readonly retry: Retrying;

  constructor(options: YunzhenjiClientOptions) {
    const { transport, retry } = createVendorTransport("yunzhenji", options, ["appSecret", "accessToken"]);
    this.transport = transport;
    this.retry = retry;
    if (!isNonEmptyString(options.appId)) throw new TypeError(`yunzhenji: appId must be a non-empty string, got ${showValue(options.appId)}`);
    const { appSecret, accessToken } = options;
    if (appSecret !== undefined && !isNonEmptyString(appSecret)) {
      throw new TypeError(`yunzhenji: appSecret must be a non-empty string, got ${secretShape(appSecret)}`);
    }
    if (accessToken !== undefined && !isNonEmptyString(accessToken)) {
      throw new TypeError(`yunzhenji: accessToken must be a non-empty string, got ${secretShape(accessToken)}`);
    }
    if ((appSecret === undefined) === (accessToken === undefined)) {
      throw new TypeError(
        `yunzhenji: give exactly one of appSecret (token flow) or accessToken (fixed token), got ${appSecret === undefined ? "neither" : "both"}`,
      );
    }
    this.defaultPageSize =
      options.pageSize === undefined ? YUNZHENJI_DEFAULT_PAGE_SIZE : checkInt("yunzhenji", "pageSize", options.pageSize, 1, YUNZHENJI_MAX_PAGE_SIZE);
    this.appId = options.appId;
    this.appSecret = appSecret;
    this.tokens =
      accessToken !== undefined
        ? new FixedToken(accessToken)
        : new TokenManager({
            issue: (call) => this.issueToken(call),
            clock: transport.clock,
            // Also for a token another replica fetched: every replica that sends it must scrub it.
            onIssued: (token) => transport.addSecret(token),
            ...(options.tokenStore ? { store: options.tokenStore } : {}),
          });
  }

  /** One page of `GET /wechat/list`. A pageSize above 100 is refused rather than silently clamped. */
  async listAccountsPage(params: ListAccountsPageParams, call?: CallOptions): Promise<Page<WeComAccount>> {
    const page = checkInt("yunzhenji", "page", params?.page, 1, Number.MAX_SAFE_INTEGER);
    const pageSize = checkInt("yunzhenji", "pageSize", params.pageSize, 1, YUNZHENJI_MAX_PAGE_SIZE);
    if (params.online !== undefined && typeof params.online !== "boolean") {
      throw new TypeError(`yunzhenji: online must be a boolean or absent, got ${showValue(params.online)}`);
    }
    const raw = await this.withToken((accessToken) => {
      const req: HttpRequest = {
        endpoint: "wechat/list",
        method: "GET",
        path: "/wechat/list",
        query: {
          app_id: this.appId,
          access_token: accessToken,
          // Documented: 0 offline, 1 online, absent (or -1) all.
          online: params.online === undefined ? undefined : params.online ? 1 : 0,
          page,
          page_size: pageSize,
        },
      };
      return this.send(req, rawWechatListSchema, call, canonicalWechatList);
    }, call);
    return mapAccountsPage(raw, { page, pageSize });
  }

  /** Every page of the account list, in the vendor's order. */
  accountPages(params: AccountsParams = {}): AsyncGenerator<Page<WeComAccount>, void, undefined> {
    const pageSize =
      params.pageSize === undefined ? this.defaultPageSize : checkInt("yunzhenji", "pageSize", params.pageSize, 1, YUNZHENJI_MAX_PAGE_SIZE);
    const online = params.online;
    return paginate((page) => this.listAccountsPage({ ...(online === undefined ? {} : { online }), page, pageSize }));
  }

  /** Every account, in the vendor's order, fetched a page at a time as the caller iterates. */
  accounts(params: AccountsParams = {}): AsyncGenerator<WeComAccount, void, undefined> {
    return rowsOf(this.accountPages(params));
  }

  /**
   * Runs `call` with a token inside the retry loop. On 110/111/112 the token is replaced and the
   * call made once more, once per public call (docs/vendors/yunzhenji.md, Auth);
   * with a fixed token there is nothing to replace and the rejection is final.
   */
  private withToken<T>(send: (accessToken: string) => Promise<T>, call: CallOptions | undefined): Promise<T> {
    let refreshed = false;
    return this.retry(async () => {
      const token = await this.tokens.get(call);
      try {
        return await send(token);
      } catch (error) {
        if (!isTokenRejection(error) || !this.tokens.canRefresh || refreshed) throw error;
        refreshed = true;
        this.transport.logger.info(
          { vendor: this.vendor, endpoint: error.endpoint, vendorCode: error.vendorCode },
          "yunzhenji rejected the access token; fetching a new one and trying once more",
        );
        this.tokens.invalidate(token);
        return send(await this.tokens.get(call));
      }
    }, call);
  }

  /**
   * `POST /oauth/token` (docs/vendors/yunzhenji.md, Auth; a Decision fixes the answer's shape), for
   * the call that needed a token: charged to its client and budget (README, Sharing the vendors'
   * quotas), but without its signal or deadline, since every caller waiting meanwhile gets the token.
   */
  private async issueToken(call: CallOptions | undefined): Promise<IssuedToken> {
    const req: HttpRequest = {
      endpoint: "oauth/token",
      method: "POST",
      path: "/oauth/token",
      // The vendor's page spells it `grand_type`; we send `grant_type` (docs/vendors/yunzhenji.md, Decisions).
      json: { app_id: this.appId, app_secret: this.appSecret, grant_type: "client_credentials" },
    };
    const raw = await this.send(req, rawTokenSchema, tokenFetchCall(call));
    const ttl = raw.data.expires_in;
    const expiresInSeconds = ttl === null || ttl <= 0 ? YUNZHENJI_DEFAULT_TOKEN_TTL_SECONDS : ttl;
    this.transport.logger.debug({ vendor: this.vendor, endpoint: req.endpoint, expiresInSeconds }, "yunzhenji access token issued");
    return { accessToken: raw.data.access_token, expiresInSeconds };
  }

  /** One exchange: HTTP, then the errcode envelope, then the payload's schema. */
  private send<S extends z.ZodType>(req: HttpRequest, schema: S, call: CallOptions = NO_CALL_OPTIONS, canonical?: Canonical): Promise<z.output<S>> {
    return this.transport.exchange(req, call, (res) => {
      const ctx = { transport: this.transport, req, status: res.status };
      checkEnvelope(res.body, ctx);
      return decode(schema, res.body, ctx, canonical);
    });
  }
}
