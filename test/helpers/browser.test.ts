// The browser choice (test/helpers/browser.ts): Debian's Chromium when installed, else the one the
// @sparticuz/chromium devDependency ships. The second path is what a fresh machine gets after
// `npm install`, so it is exercised here on every machine, Debian's Chromium installed or not.
import { existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, describe, expect, it } from "vitest";
import { startServer, type RunningServer } from "../../src/server/startServer.js";
import { chooseBrowser, DEBIAN_CHROMIUM, launchBrowser } from "./browser.js";

const MISSING = join(tmpdir(), "no-such-dir", "chromium");

let browser: Browser | undefined;
let server: RunningServer | undefined;
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe("choosing the browser", () => {
  it("takes Debian's Chromium when it is there", async () => {
    expect(DEBIAN_CHROMIUM).toBe("/usr/bin/chromium");
    // Any existing file stands in for it: choosing does not launch.
    expect(await chooseBrowser({ debianChromium: process.execPath })).toEqual({ source: "debian", executablePath: process.execPath });
  });

  it("without it, unpacks the npm-shipped Chromium once, to a directory named after the package version", async () => {
    const first = await chooseBrowser({ debianChromium: MISSING });
    expect(first).toEqual({ source: "npm", executablePath: join(tmpdir(), "wecom-graph-chromium-133.0.0", "chromium") });
    expect(existsSync(first.executablePath)).toBe(true);
    expect(await chooseBrowser({ debianChromium: MISSING })).toEqual(first);
  });

  it("the npm-shipped Chromium runs GraphiQL's default query against a real server", async () => {
    const launched = await launchBrowser({ debianChromium: MISSING });
    browser = launched.browser;
    expect(launched.chosen.source).toBe("npm");
    expect(browser.version()).toMatch(/^133\./);
    server = await startServer({ env: { PORT: "0", SIM_PORT: "0" } });
    const corp = server.simulators!.dataset.corps.find((c) => c.mapped)!;
    const page = await browser.newPage();
    const offsite: string[] = [];
    page.on("request", (request) => {
      if (new URL(request.url()).origin !== new URL(server!.url).origin && request.url().startsWith("http")) offsite.push(request.url());
    });
    await page.goto(server.graphqlUrl, { waitUntil: "load" });
    expect(await page.title()).toBe("wecom-graph");
    await page.locator(".graphiql-execute-button").click({ timeout: 20_000 });
    await expect.poll(() => page.locator(".graphiql-response").innerText(), { timeout: 20_000 }).toContain(corp.name);
    expect(offsite).toEqual([]);
  });
});
