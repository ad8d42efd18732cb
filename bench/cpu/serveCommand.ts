// `npm run serve` as a command to spawn directly, so that the pid measured is the serving node
// process itself and its node flags are the package's: `VAR=value ... node [flags] entry`.
import { readFileSync } from "node:fs";
import { join } from "node:path";

export interface ServeCommand {
  command: string;
  args: string[];
  env: Record<string, string>;
}

export function serveCommand(root: string): ServeCommand {
  const scripts = (JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts;
  const words = (scripts["serve"] ?? "").trim().split(/\s+/);
  const env: Record<string, string> = {};
  while (words[0] && /^[A-Za-z_][A-Za-z0-9_]*=/.test(words[0])) {
    const [name, ...value] = (words.shift() as string).split("=");
    env[name as string] = value.join("=");
  }
  if (words[0] !== "node") throw new Error(`bench:cpu: the serve script must be "VAR=value ... node [flags] entry", got ${JSON.stringify(scripts["serve"])}`);
  return { command: process.execPath, args: words.slice(1), env };
}
