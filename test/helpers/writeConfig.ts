// A config file on disk, as an operator writes one: loadConfigFile and `--config` read it.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export function writeConfig(content: unknown, dir = mkdtempSync(join(tmpdir(), "wecom-graph-config-"))): string {
  const path = join(dir, "config.json");
  writeFileSync(path, JSON.stringify(content, null, 2));
  return path;
}
