// The one place that picks the browser for browser tests, so `npm install && npm test` works on a
// fresh machine: Debian's /usr/bin/chromium when it is installed, else the Chromium that the
// @sparticuz/chromium devDependency ships inside its npm package (no download, no apt step;
// `npx playwright install` cannot reach its download host here).
import { existsSync, mkdtempSync, renameSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type Browser } from "playwright-core";

export const DEBIAN_CHROMIUM = "/usr/bin/chromium";

/**
 * The same flags for either browser. Playwright adds --headless and a fresh, empty profile (its
 * own --user-data-dir, a new temp dir per launch) itself. The rest run as root in a container and
 * keep Chromium off the network, which is closed here: without them it retries Google's hosts at
 * every start. The packaged Chromium's own flag list (meant for AWS Lambda: single process, web
 * security off) is not used: this machine needs none of it.
 */
export const HEADLESS_FLAGS: readonly string[] = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export interface ChosenBrowser {
  source: "debian" | "npm";
  executablePath: string;
}

export interface LaunchOptions {
  /** Where Debian's Chromium would be; a test points it at a missing file to force the npm one. */
  debianChromium?: string;
}

/** Debian's Chromium when present, else the npm package's, unpacked (once) into the temp dir. */
export async function chooseBrowser(options: LaunchOptions = {}): Promise<ChosenBrowser> {
  const debian = options.debianChromium ?? DEBIAN_CHROMIUM;
  if (existsSync(debian)) return { source: "debian", executablePath: debian };
  return { source: "npm", executablePath: await packagedChromium() };
}

export async function launchBrowser(options: LaunchOptions = {}): Promise<{ browser: Browser; chosen: ChosenBrowser }> {
  const chosen = await chooseBrowser(options);
  const browser = await chromium.launch({ executablePath: chosen.executablePath, headless: true, args: [...HEADLESS_FLAGS] });
  return { browser, chosen };
}

interface PackagedChromium {
  executablePath(input?: string): Promise<string>;
}

/**
 * @sparticuz/chromium unpacks into `os.tmpdir()` and reuses whatever `chromium` it finds there,
 * whichever version left it, even one still being written. So it unpacks into a private staging
 * directory that is then renamed, whole, to a directory named after the package version: a
 * concurrent run either finds the finished directory or loses the rename and uses the winner's.
 */
async function packagedChromium(): Promise<string> {
  const require = createRequire(import.meta.url);
  const { version } = require("@sparticuz/chromium/package.json") as { version: string };
  const home = join(tmpdir(), `wecom-graph-chromium-${version}`);
  const binary = join(home, "chromium");
  if (existsSync(binary)) return binary;
  const staging = mkdtempSync(join(tmpdir(), "wecom-graph-chromium-unpacking-"));
  try {
    const unpacked = await withTmpdir(staging, async () => (await loadPackagedChromium()).executablePath());
    if (unpacked !== join(staging, "chromium")) throw new Error(`@sparticuz/chromium unpacked to ${unpacked}, expected ${join(staging, "chromium")}`);
    renameSync(staging, home);
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    if (existsSync(binary)) return binary;
    throw error;
  }
  return binary;
}

/** The package is CommonJS with `exports.default`; Node and vitest hand it over differently. */
async function loadPackagedChromium(): Promise<PackagedChromium> {
  const mod = (await import("@sparticuz/chromium")) as unknown as { default: PackagedChromium | { default: PackagedChromium } };
  const outer = mod.default;
  return "executablePath" in outer ? outer : outer.default;
}

async function withTmpdir<T>(dir: string, run: () => Promise<T>): Promise<T> {
  const saved = process.env["TMPDIR"];
  process.env["TMPDIR"] = dir;
  try {
    return await run();
  } finally {
    if (saved === undefined) delete process.env["TMPDIR"];
    else process.env["TMPDIR"] = saved;
  }
}
