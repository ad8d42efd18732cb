// GraphiQL in a real browser: Chromium (test/helpers/browser.ts picks Debian's or the npm-shipped
// one), driven by playwright-core, opens the page a running server serves, runs the default query
// and must show simulator data in the result pane; on a server that asks for a key
// (WECOM_GRAPH_API_KEY), a tab answers 401 until the key is pasted into the headers editor.
// UPDATE_SCREENSHOT=1 also writes docs/graphiql.png (the README's picture).
import { fileURLToPath } from "node:url";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type RunningServer } from "../../src/server/startServer.js";
import { launchBrowser } from "../helpers/browser.js";

const SCREENSHOT = fileURLToPath(new URL("../../docs/graphiql.png", import.meta.url));

// GraphiQL reads a tab's operation name from its editor 100 ms (debounced) after a tab switch; a
// run before that sends the new document under the old tab's name, which GraphiQL refuses
// ("Cannot infer operation") and then keeps. The same debounced handler stores the editor's text
// under localStorage "graphiql:query", so that key showing the tab's operation says it is ready.
async function switchTab(page: Page, name: string): Promise<void> {
  await page.locator(".graphiql-tab-button", { hasText: name }).click();
  await expect.poll(() => page.locator('.graphiql-tab[aria-selected="true"]').innerText(), { timeout: 5_000 }).toBe(name);
  await expect.poll(() => page.evaluate(() => localStorage.getItem("graphiql:query") ?? ""), { timeout: 5_000 }).toContain(`query ${name}`);
}

async function runActiveTab(page: Page, expected: string): Promise<void> {
  await page.locator(".graphiql-execute-button").click();
  await expect.poll(() => page.locator(".graphiql-response").innerText(), { timeout: 20_000 }).toContain(expected);
}

// Monaco draws spaces as no-break spaces.
const editorText = async (page: Page, selector: string) => (await page.locator(selector).innerText()).replace(/\u00a0/g, " ");

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
    await expect.poll(() => tabs.allInnerTexts(), { timeout: 10_000 }).toEqual(["CorpsOverview", "CorpCustomers", "Employee360", "OnlineAccounts", "AccountStatus", "Departures", "CustomerStats", "Node"]);
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
    await switchTab(page, "Employee360");
    await runActiveTab(page, employee.name);
    expect(await page.locator(".graphiql-response").innerText()).not.toContain('"employee": null');
  });

  describe("on a server that asks for a key (WECOM_GRAPH_API_KEY)", () => {
    const KEY = "graphiql-demo-key-5b0e1f2a";
    let keyed: RunningServer;
    let keyPage: Page;
    // Every POST GraphiQL made, with what it asked (introspection also runs on its own).
    const sent: { operation: string | null; status: number; authorization: string | undefined; body: string }[] = [];
    const runs = () => sent.filter((s) => s.operation === "CorpsOverview");

    beforeAll(async () => {
      keyed = await startServer({ env: { PORT: "0", SIM_PORT: "0", WECOM_GRAPH_API_KEY: KEY } });
      // Pasting is how a user brings a key, and the clipboard is how the test does it.
      keyPage = await browser.newPage({ viewport: { width: 1440, height: 900 }, permissions: ["clipboard-read", "clipboard-write"] });
      keyPage.on("pageerror", (error) => pageErrors.push(error.message));
      keyPage.on("response", async (response) => {
        if (response.request().method() !== "POST") return;
        const operation = (JSON.parse(response.request().postData() ?? "{}") as { operationName?: string }).operationName ?? null;
        sent.push({ operation, status: response.status(), authorization: response.request().headers()["authorization"], body: await response.text() });
      });
    });

    afterAll(async () => {
      await keyPage?.close();
      await keyed?.close();
    });

    it("opens with the Authorization header to fill in, and a run without a key is a 401 that reaches no vendor", async () => {
      await keyPage.goto(keyed.graphqlUrl, { waitUntil: "load" });
      await keyPage.locator(".graphiql-execute-button").waitFor({ state: "visible", timeout: 20_000 });
      await expect.poll(() => editorText(keyPage, ".graphiql-editor-tool"), { timeout: 10_000 }).toContain('"Authorization": "Bearer <paste an API key or JWT here>"');
      const before = keyed.simulators!.stats();
      await runActiveTab(keyPage, "UNAUTHENTICATED");
      await expect.poll(() => runs().length).toBe(1);
      const refused = runs()[0]!;
      expect(refused.status).toBe(401);
      expect(JSON.parse(refused.body)).toEqual({ errors: [{ message: "Authorization must be Bearer <API key or JWT>.", extensions: { code: "UNAUTHENTICATED" } }] });
      expect(keyed.simulators!.stats()).toEqual(before);
    });

    it("with the key pasted into the headers editor, the tab runs and shows the simulators' data", async () => {
      const corp = keyed.simulators!.dataset.corps.find((c) => c.mapped)!;
      await keyPage.locator(".graphiql-editor-tool .monaco-editor").last().click();
      await keyPage.keyboard.press("ControlOrMeta+a");
      await keyPage.evaluate((text) => navigator.clipboard.writeText(text), JSON.stringify({ Authorization: `Bearer ${KEY}` }));
      await keyPage.keyboard.press("ControlOrMeta+v");
      await runActiveTab(keyPage, corp.name);
      await expect.poll(() => runs().length).toBe(2);
      const answered = runs()[1]!;
      expect(answered).toMatchObject({ status: 200, authorization: `Bearer ${KEY}` });
      expect(JSON.parse(answered.body).errors).toBeUndefined();
      expect(await keyPage.locator(".graphiql-response").innerText()).toContain(corp.corpId);
    });
  });

  it("loaded everything from the server itself, without page errors", () => {
    // GraphiQL's scripts are inlined in the page: a CDN request would fail on a closed network.
    expect(offsiteRequests).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
