// yunzhenji's token fetch is an exchange like any other (README, Sharing the vendors' quotas): it
// goes through the client's exchange wrappers with the client of the call that needed the token,
// and is counted on that call's budget, which never refuses it (the token serves every caller
// waiting for it). Against the real simulator.
import { describe, expect, it } from "vitest";
import type { CallBudget, CallOptions } from "../../../src/core/CallOptions.js";
import type { CallClient } from "../../../src/core/CallClient.js";
import { RequestCallBudget } from "../../../src/limits/CallBudget.js";
import { SIM_CREDENTIALS } from "../../../src/simulators/credentials.js";
import type { ExchangeWrapper } from "../../../src/vendors/http/transport.js";
import { YunzhenjiClient } from "../../../src/vendors/yunzhenji/YunzhenjiClient.js";
import { simulatorsForFile } from "../../helpers/vendors.js";

const sim = await simulatorsForFile();
const { appId, appSecret } = SIM_CREDENTIALS.yunzhenji;
const reports: CallClient = Object.freeze({ name: "reports", priority: "batch", maxShare: 0.25 });

function client() {
  const seen: { endpoint: string; client: string | undefined }[] = [];
  const record: ExchangeWrapper = (info, run) => {
    seen.push({ endpoint: info.endpoint, client: info.call.client?.name });
    return run();
  };
  const spend: ExchangeWrapper = (info, run) => {
    info.call.budget?.spend(info.vendor, info.endpoint);
    return run();
  };
  const c = new YunzhenjiClient({ baseUrl: `${sim.url}/yunzhenji`, appId, appSecret, retryBaseDelayMs: 1, wrappers: [spend, record] });
  return { c, seen };
}

describe("the token fetch's call options", () => {
  it("carry the client of the call that needed the token, through every wrapper", async () => {
    const { c, seen } = client();
    const budget = new RequestCallBudget(10);
    budget.countByVendor();
    const call: CallOptions = { client: reports, budget };
    await c.listAccountsPage({ page: 1, pageSize: 1 }, call);
    expect(seen).toEqual([
      { endpoint: "oauth/token", client: "reports" },
      { endpoint: "wechat/list", client: "reports" },
    ]);
    expect(budget.vendorCalls(["yunzhenji"])).toEqual({ yunzhenji: 2 });
    expect(budget.used).toBe(2);
  });

  it("are counted on a spent budget but never refused by it: the token is fetched, the page is not", async () => {
    const { c, seen } = client();
    const before = sim.stats().yunzhenji;
    const budget = new RequestCallBudget(1);
    budget.countByVendor();
    budget.spend("shiheng");
    const failed = await c.listAccountsPage({ page: 1, pageSize: 1 }, { budget }).then(
      () => null,
      (e: unknown) => e as { code?: string },
    );
    expect(failed?.code).toBe("QUERY_TOO_COMPLEX");
    // The page was refused by the budget (the outer wrapper) before anything else saw it.
    expect(seen.map((s) => s.endpoint)).toEqual(["oauth/token"]);
    expect(sim.stats().yunzhenji["oauth/token"] - before["oauth/token"]).toBe(1);
    expect(sim.stats().yunzhenji["wechat/list"] - before["wechat/list"]).toBe(0);
    expect(budget.vendorCalls(["yunzhenji", "shiheng"])).toEqual({ yunzhenji: 1, shiheng: 1 });
  });

  it("go ahead uncounted when the budget can only refuse (a shared call's, every waiter spent)", async () => {
    const { c } = client();
    const refusing: CallBudget = {
      spend: (vendor, endpoint) => {
        if (endpoint === "oauth/token") throw new Error("over budget");
      },
    };
    const before = sim.stats().yunzhenji["oauth/token"];
    const page = await c.listAccountsPage({ page: 1, pageSize: 1 }, { budget: refusing });
    expect(page.rows).toHaveLength(1);
    expect(sim.stats().yunzhenji["oauth/token"] - before).toBe(1);
  });
});
