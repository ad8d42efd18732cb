// 食亨开放平台: the WeCom employees of every corp the app serves, signed per request.
// Vendor facts: docs/vendors/shiheng.md.
import type { Page, ShihengEmployee } from "../../domain/types.js";
import { checkInt, isNonEmptyString, secretShape, type VendorClientOptions } from "../http/clientOptions.js";
import { showValue } from "../../core/showValue.js";
import { NO_CALL_OPTIONS, type CallOptions } from "../../core/CallOptions.js";
import { createVendorTransport } from "../http/createVendorTransport.js";
import { decode, type DecodeContext } from "../http/decode.js";
import { paginate, rowsOf } from "../http/paginate.js";
import type { Retrying } from "../http/retrying.js";
import { VENDOR_CODE_MAX_CHARS, type HttpRequest, type Transport } from "../http/transport.js";
import { envelopeError, readEnvelope } from "./envelope.js";
import { mapEmployeesPage } from "./map.js";
import { rawEmployeeListSchema } from "./schemas.js";
import { md5Signer, type ShihengSigner } from "./sign.js";

/** `pageSize` range (docs/vendors/shiheng.md, Endpoints: 1..50). */
export const SHIHENG_MAX_PAGE_SIZE = 50;
export const SHIHENG_DEFAULT_PAGE_SIZE = 50;
/** Decision (docs/vendors/shiheng.md, Decisions: path and method). */
export const SHIHENG_DEFAULT_EMPLOYEE_LIST_PATH = "/open/api/wecom/employee/list";
export const SHIHENG_DEFAULT_VERSION = "1.0";

export interface ShihengClientOptions extends VendorClientOptions {
  appId: string;
  appSecret: string;
  /** Sent as `version` (default "1.0"). */
  version?: string;
  /** Default "/open/api/wecom/employee/list". */
  employeeListPath?: string;
  /** Computes `sign` from the body without it (default: the MD5 Decision, docs/vendors/shiheng.md, Signing). */
  signer?: ShihengSigner;
  /** Default page size of the iterators, 1..50 (default 50). */
  pageSize?: number;
}

export interface ListEmployeesPageParams {
  pageNum: number;
  pageSize: number;
}

export interface EmployeesParams {
  /** 1..50; default the client's `pageSize` (50). */
  pageSize?: number;
}

export class ShihengClient {
  readonly vendor = "shiheng" as const;
  readonly transport: Transport;
  private readonly appId: string;
  private readonly appSecret: string;
  private readonly version: string;
  private readonly employeeListPath: string;
  private readonly signer: ShihengSigner;
  private readonly defaultPageSize: number;
  private readonly retry: Retrying;

  constructor(options: ShihengClientOptions) {
    const { transport, retry } = createVendorTransport("shiheng", options, ["appSecret"]);
    this.transport = transport;
    this.retry = retry;
    if (!isNonEmptyString(options.appId)) throw new TypeError(`shiheng: appId must be a non-empty string, got ${showValue(options.appId)}`);
    if (!isNonEmptyString(options.appSecret)) {
      throw new TypeError(`shiheng: appSecret must be a non-empty string, got ${secretShape(options.appSecret)}`);
    }
    const version = options.version ?? SHIHENG_DEFAULT_VERSION;
    if (!isNonEmptyString(version)) throw new TypeError(`shiheng: version must be a non-empty string, got ${showValue(options.version)}`);
    const path = options.employeeListPath ?? SHIHENG_DEFAULT_EMPLOYEE_LIST_PATH;
    if (typeof path !== "string" || !/^\/\S*$/.test(path)) {
      throw new TypeError(`shiheng: employeeListPath must start with "/" and have no spaces, got ${showValue(options.employeeListPath)}`);
    }
    if (options.signer !== undefined && typeof options.signer !== "function") {
      throw new TypeError(`shiheng: signer must be a function (body, appSecret) => string, got ${showValue(options.signer)}`);
    }
    this.defaultPageSize =
      options.pageSize === undefined ? SHIHENG_DEFAULT_PAGE_SIZE : checkInt("shiheng", "pageSize", options.pageSize, 1, SHIHENG_MAX_PAGE_SIZE);
    this.appId = options.appId;
    this.appSecret = options.appSecret;
    this.version = version;
    this.employeeListPath = path;
    this.signer = options.signer ?? md5Signer;
  }

  /** One page of the employee list. A pageSize above 50 is refused rather than silently clamped. */
  async listEmployeesPage(params: ListEmployeesPageParams, call: CallOptions = NO_CALL_OPTIONS): Promise<Page<ShihengEmployee>> {
    const pageNum = checkInt("shiheng", "pageNum", params?.pageNum, 1, Number.MAX_SAFE_INTEGER);
    const pageSize = checkInt("shiheng", "pageSize", params.pageSize, 1, SHIHENG_MAX_PAGE_SIZE);
    // Built inside the attempt: every attempt, retries included, gets a fresh timestamp and sign.
    return this.retry(() => {
      const { req, sign } = this.signedRequest({ pageNum, pageSize });
      return this.transport.exchange(req, call, (res) => {
        const ctx: DecodeContext = { transport: this.transport, req, status: res.status };
        const head = readEnvelope(res.body, ctx);
        if (head.code !== "0") {
          const error = envelopeError(head, ctx, [sign]);
          this.transport.logger.warn(
            { vendor: this.vendor, endpoint: req.endpoint, code: error.code, vendorCode: error.vendorCode, vendorMessage: error.vendorMessage, traceId: error.traceId },
            `shiheng ${req.endpoint} answered code ${String(error.vendorCode)}`,
          );
          throw error;
        }
        this.transport.logger.debug({ vendor: this.vendor, endpoint: req.endpoint, traceId: head.traceId === null ? null : this.transport.quote(head.traceId, VENDOR_CODE_MAX_CHARS), pageNum, pageSize }, "shiheng answered");
        const raw = decode(rawEmployeeListSchema, res.body, { ...ctx, traceId: head.traceId });
        return mapEmployeesPage(raw.result, { pageNum, pageSize });
      });
    }, call);
  }

  /** Every page of the employee list (all corps the app serves: the API has no corp filter). */
  employeePages(params: EmployeesParams = {}): AsyncGenerator<Page<ShihengEmployee>, void, undefined> {
    const pageSize =
      params.pageSize === undefined ? this.defaultPageSize : checkInt("shiheng", "pageSize", params.pageSize, 1, SHIHENG_MAX_PAGE_SIZE);
    return paginate((pageNum) => this.listEmployeesPage({ pageNum, pageSize }));
  }

  /** Every employee, in the vendor's order, fetched a page at a time as the caller iterates. */
  employees(params: EmployeesParams = {}): AsyncGenerator<ShihengEmployee, void, undefined> {
    return rowsOf(this.employeePages(params));
  }

  /**
   * The body of docs/vendors/shiheng.md (Endpoints): `{ appId, sign, version, timestamp, paramContent }`, timestamp in
   * unix milliseconds from the injected clock, `paramContent` as a JSON object (the signer signs
   * its JSON text, which is exactly what the transport sends).
   */
  private signedRequest(paramContent: { pageNum: number; pageSize: number }): { req: HttpRequest; sign: string } {
    const unsigned = { appId: this.appId, version: this.version, timestamp: Math.floor(this.transport.clock.now()), paramContent };
    const sign = this.signer(unsigned, this.appSecret);
    if (!isNonEmptyString(sign)) throw new TypeError(`shiheng: signer must return a non-empty string, got ${secretShape(sign)}`);
    return {
      sign,
      req: {
        endpoint: "employee/list",
        method: "POST",
        path: this.employeeListPath,
        json: { appId: unsigned.appId, sign, version: unsigned.version, timestamp: unsigned.timestamp, paramContent },
      },
    };
  }
}
