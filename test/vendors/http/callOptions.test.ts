// The request's call options reach the transport: a deadline bounds an exchange and its retries,
// a cancelled request starts no exchange and drops the one in flight, and exchange wrappers see
// every outcome, the vendor's envelope errors included.
import { describe, expect, it } from "vitest";
import type { CallOptions } from "../../../src/core/CallOptions.js";
import type { ExchangeWrapper } from "../../../src/vendors/http/transport.js";
import { DirectoryClient } from "../../../src/vendors/directory/DirectoryClient.js";
import { YunzhongClient } from "../../../src/vendors/yunzhong/YunzhongClient.js";
import { failure, scriptedFetch } from "../../helpers/vendors.js";

const BASE = "http://vendor.test";
const user = { corpId: "ww1", userId: "zhangsan" };

describe("call options", () => {
  it("a deadline cuts an exchange short and no retry starts after it", async () => {
    const { fetch, calls } = scriptedFetch(() => "hang");
    const client = new DirectoryClient({ baseUrl: BASE, fetch, timeoutMs: 5000, retryBaseDelayMs: 50 });
    const started = Date.now();
    const error = await failure(client.getUser(user, { deadline: Date.now() + 150 }));
    const took = Date.now() - started;
    expect(error.code).toBe("UPSTREAM_TIMEOUT");
    expect(error.message).toMatch(/^directory getUser did not answer within the 1[0-5]\d ms left before the operation's deadline$/);
    expect(took).toBeLessThan(1000);
    expect(calls).toHaveLength(1);
  });

  it("a deadline already passed makes no call", async () => {
    const { fetch, calls } = scriptedFetch(() => ({ body: { errcode: 0 } }));
    const client = new DirectoryClient({ baseUrl: BASE, fetch });
    const error = await failure(client.getUser(user, { deadline: Date.now() - 1 }));
    expect(error.code).toBe("UPSTREAM_TIMEOUT");
    expect(error.message).toBe("directory getUser was not called: the operation's deadline had passed");
    expect(calls).toHaveLength(0);
  });

  it("a cancelled request drops the exchange in flight and retries nothing", async () => {
    const { fetch, calls } = scriptedFetch(() => "hang");
    const client = new DirectoryClient({ baseUrl: BASE, fetch, timeoutMs: 5000, retryBaseDelayMs: 1 });
    const controller = new AbortController();
    const pending = failure(client.getUser(user, { signal: controller.signal }));
    setTimeout(() => controller.abort(), 30);
    const error = await pending;
    expect(error.message).toBe("directory getUser was dropped: the request was cancelled");
    expect(error.retryable).toBe(false);
    expect(calls).toHaveLength(1);
  });

  it("wrappers run around every exchange, outermost first, and see envelope errors inside an HTTP 200", async () => {
    const seen: string[] = [];
    const wrapper =
      (name: string): ExchangeWrapper =>
      async (info, run) => {
        seen.push(`${name}>${info.vendor} ${info.endpoint}`);
        try {
          return await run();
        } catch (error) {
          seen.push(`${name}!${(error as { code?: string }).code}`);
          throw error;
        }
      };
    const { fetch } = scriptedFetch(() => ({ body: { errcode: 45009, errmsg: "api freq out of limit" } }));
    const client = new DirectoryClient({ baseUrl: BASE, fetch, wrappers: [wrapper("outer"), wrapper("inner")] });
    const error = await failure(client.getUser(user));
    expect(error.code).toBe("UPSTREAM_RATE_LIMITED");
    expect(seen).toEqual(["outer>directory getUser", "inner>directory getUser", "inner!UPSTREAM_RATE_LIMITED", "outer!UPSTREAM_RATE_LIMITED"]);
  });

  it("a budget is charged once per exchange, retries included, and can refuse one", async () => {
    const spent: string[] = [];
    const call: CallOptions = {
      budget: {
        spend: (vendor, endpoint) => {
          if (spent.length === 2) throw new Error("over budget");
          spent.push(`${vendor} ${endpoint}`);
        },
      },
    };
    const budgetWrapper: ExchangeWrapper = (info, run) => {
      info.call.budget?.spend(info.vendor, info.endpoint);
      return run();
    };
    const { fetch, calls } = scriptedFetch(() => ({ status: 500, text: "busy" }));
    const client = new YunzhongClient({ baseUrl: BASE, fetch, retryBaseDelayMs: 1, wrappers: [budgetWrapper] });
    await expect(client.listCustomersPage({ uniacid: 2, page: 1 }, call)).rejects.toThrow("over budget");
    expect(spent).toEqual(["yunzhong getList", "yunzhong getList"]);
    expect(calls).toHaveLength(2);
  });
});
