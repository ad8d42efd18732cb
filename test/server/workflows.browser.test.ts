// The 离职继承 worklist in GraphiQL, in Chromium: the Departures tab opens with its variables
// filled in from the served data, runs with one click on ▶, and shows the departed owners.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type RunningServer } from "../../src/server/startServer.js";
import { launchBrowser } from "../helpers/browser.js";
import { expectedDepartures } from "../helpers/expectedWorkflows.js";

describe("the Departures tab in GraphiQL", () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    ({ browser } = await launchBrowser());
    server = await startServer({ env: { PORT: "0", SIM_PORT: "0" } });
    page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    page.on("pageerror", (error) => pageErrors.push(error.message));
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("runs the worklist of the first corp and shows its departed owners", async () => {
    const dataset = server.simulators!.dataset;
    const corp = dataset.corps.find((c) => c.mapped)!;
    const expected = expectedDepartures(dataset, corp);
    const top = expected[0]!;
    await page.goto(server.graphqlUrl, { waitUntil: "load" });
    await page.locator(".graphiql-execute-button").waitFor({ state: "visible", timeout: 20_000 });
    await page.locator(".graphiql-tab-button", { hasText: "Departures" }).click();
    await expect.poll(() => page.locator('.graphiql-tab[aria-selected="true"]').innerText(), { timeout: 5_000 }).toBe("Departures");
    // GraphiQL takes the operation name from the editor 100 ms after a tab switch and stores the
    // editor's text under graphiql:query in the same step: ▶ before that runs the previous tab
    // (test/server/graphiql.browser.test.ts).
    await expect.poll(() => page.evaluate(() => localStorage.getItem("graphiql:query") ?? ""), { timeout: 5_000 }).toMatch(/query Departures\b/);
    await page.locator(".graphiql-execute-button").click();
    const result = page.locator(".graphiql-response");
    await expect.poll(() => result.innerText(), { timeout: 20_000 }).toContain(top.employee.name);
    // The response pane renders only the lines in view: the worklist's head is what shows.
    const text = await result.innerText();
    // (CodeMirror may render the space after a colon as a no-break space.)
    expect(text).toMatch(new RegExp(`"totalCount":\\s+${expected.length},`));
    expect(text).toMatch(new RegExp(`"totalCount":\\s+${top.rows.length},`));
    expect(text).not.toContain('"errors"');
    expect(pageErrors).toEqual([]);
  });
});
