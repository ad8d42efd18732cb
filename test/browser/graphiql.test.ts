// GraphiQL in a real browser: Chromium (test/helpers/browser.ts picks Debian's or the npm-shipped
// one), driven by playwright-core, opens the page a running server serves, runs the default query
// and must show simulator data in the result pane.
// UPDATE_SCREENSHOT=1 also writes docs/graphiql.png (the README's picture).
import { fileURLToPath } from "node:url";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type RunningServer } from "../../src/server/startServer.js";
import { launchBrowser } from "../helpers/browser.js";

const SCREENSHOT = fileURLToPath(new URL("../../docs/graphiql.png", import.meta.url));

describe("GraphiQL in Chromium", () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];
  const offsiteRequests: string[] = [];

  beforeAll(async () => {
    // Never a skip: there is always a browser (the npm package ships one), so this always runs.
    ({ browser } = await launchBrowser());
    server = await startServer({ env: { PORT: "0", SIM_PORT: "0" } });
    page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    page.on("pageerror", (error) => pageErrors.push(error.message));
    page.on("request", (request) => {
      const url = new URL(request.url());
      if ((url.protocol === "http:" || url.protocol === "https:") && url.origin !== new URL(server.url).origin) offsiteRequests.push(request.url());
    });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("opens titled for the product, with the example operations in tabs", async () => {
    await page.goto(server.graphqlUrl, { waitUntil: "load" });
    expect(await page.title()).toBe("wecom-graph");
    await page.locator(".graphiql-execute-button").waitFor({ state: "visible", timeout: 20_000 });
    const tabs = page.locator(".graphiql-tab-button");
    await expect.poll(() => tabs.allInnerTexts(), { timeout: 10_000 }).toEqual(["CorpsOverview", "CorpCustomers", "Employee360", "OnlineAccounts", "AccountStatus", "Node"]);
  });

  it("runs the default query and shows the simulators' data in the result pane", async () => {
    const corp = server.simulators!.dataset.corps.find((c) => c.mapped)!;
    // The schema arrives by introspection after the page loads; running before it is fine too,
    // but waiting for the docs button to be enabled makes the screenshot show a settled page.
    await page.locator(".graphiql-execute-button").click();
    const result = page.locator(".graphiql-response");
    await expect.poll(() => result.innerText(), { timeout: 20_000 }).toContain(corp.name);
    const text = await result.innerText();
    expect(text).toContain(corp.corpId);
    expect(text).not.toContain('"errors"');
    if (process.env["UPDATE_SCREENSHOT"] === "1") await page.screenshot({ path: SCREENSHOT });
  });

  it("the Employee360 tab runs as it opens: its variables name a real employee", async () => {
    const dataset = server.simulators!.dataset;
    const corp = dataset.corps.find((c) => c.mapped)!;
    // GraphiQL fills the tab with the owner of the corp's newest customer.
    const row = dataset.customerRows.find((r) => r.corpId === corp.corpId)!;
    const employee = dataset.employees.find((e) => e.corpId === corp.corpId && e.userId === row.ownerUserId)!;
    // One click must do: GraphiQL's stale tab transforms used to swallow the first (graphiql.ts).
    await page.locator(".graphiql-tab-button", { hasText: "Employee360" }).click();
    await expect.poll(() => page.locator('.graphiql-tab[aria-selected="true"]').innerText(), { timeout: 5_000 }).toBe("Employee360");
    // GraphiQL reads the operation name of the new tab's document 100 ms after its editor changes
    // (a debounce); ▶ pressed sooner sends the previous tab's name ("Cannot infer operation
    // CorpsOverview"). No person is that quick, a headless shell is. The same debounced step
    // stores the editor's text under graphiql:query, so that is the sign GraphiQL has caught up.
    await expect.poll(() => page.evaluate(() => localStorage.getItem("graphiql:query") ?? ""), { timeout: 5_000 }).toMatch(/query Employee360\b/);
    await page.locator(".graphiql-execute-button").click();
    const result = page.locator(".graphiql-response");
    await expect.poll(() => result.innerText(), { timeout: 20_000 }).toContain(employee.name);
    expect(await result.innerText()).not.toContain('"employee": null');
  });

  it("loaded everything from the server itself, without page errors", () => {
    // GraphiQL's scripts are inlined in the page: a CDN request would fail on a closed network.
    expect(offsiteRequests).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
