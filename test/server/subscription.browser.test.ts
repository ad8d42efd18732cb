// GraphiQL runs a subscription: its AccountStatus tab subscribes over SSE (GraphiQL's own fetcher,
// distinct-connections GraphQL over SSE, which yoga serves without a plugin), shows the event a
// world change causes, and stopping it in GraphiQL stops the server's poller.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type RunningServer } from "../../src/server/startServer.js";
import { simulatorConfig } from "../../src/simulators/simulatorConfig.js";
import { startSimulators, type RunningSimulators } from "../../src/simulators/startSimulators.js";
import type { Logger } from "../../src/core/Logger.js";
import { launchBrowser } from "../helpers/browser.js";
import { until } from "../helpers/sse.js";

describe("a subscription in GraphiQL", () => {
  let sim: RunningSimulators;
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let dir: string;
  const messages: string[] = [];
  const pageErrors: string[] = [];
  const logger: Logger = { debug: (_o, m) => void messages.push(m ?? ""), info: (_o, m) => void messages.push(m ?? ""), warn() {}, error() {} };

  beforeAll(async () => {
    ({ browser } = await launchBrowser());
    sim = await startSimulators({ size: "small" });
    dir = mkdtempSync(join(tmpdir(), "wecom-graph-live-browser-"));
    const file = join(dir, "config.json");
    // A config file closes GraphiQL and introspection by default: this graph opens them on purpose.
    writeFileSync(file, JSON.stringify({ ...simulatorConfig(sim.url, sim.dataset), graphiql: true, introspection: true, live: { pollSeconds: 0.2 } }));
    server = await startServer({ env: { WECOM_GRAPH_CONFIG: file, PORT: "0" }, logger });
    page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    page.on("pageerror", (error) => pageErrors.push(error.message));
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await sim?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("the AccountStatus tab shows an account going offline, and stopping it stops the poller", async () => {
    const corp = sim.dataset.corps.find((c) => c.mapped)!;
    const account = sim.dataset.accounts.find((a) => a.yzjCorpId === corp.yzjCorpId && a.online === 1)!;
    await page.goto(server.graphqlUrl, { waitUntil: "load" });
    await page.locator(".graphiql-execute-button").waitFor({ state: "visible", timeout: 20_000 });
    await page.locator(".graphiql-tab-button", { hasText: "AccountStatus" }).click();
    // The debounced step that picks up the tab's operation name also stores it (graphiql.test.ts).
    await expect.poll(() => page.evaluate(() => localStorage.getItem("graphiql:query") ?? ""), { timeout: 5_000 }).toMatch(/subscription AccountStatus\b/);
    await page.locator(".graphiql-execute-button").click();
    await until(() => messages.includes("live poller took its baseline"), "the poller's baseline", 10_000);

    sim.world({ account: { id: account.id, online: false } });
    const result = page.locator(".graphiql-response");
    await expect.poll(() => result.innerText(), { timeout: 10_000 }).toContain(account.wxid);
    // The editor renders spaces as no-break spaces.
    const text = (await result.innerText()).replace(/\s+/g, " ");
    expect(text).toContain('"online": false');
    expect(text).toContain(corp.corpId);
    expect(text).not.toContain('"errors"');

    // While subscribed the execute button stops the subscription.
    await page.locator(".graphiql-execute-button").click();
    await until(() => messages.some((m) => m.startsWith("live poller stopped")), "the poller to stop", 10_000);
    expect(pageErrors).toEqual([]);
  });
});
