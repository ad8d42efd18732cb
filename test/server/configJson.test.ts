// A config file that is not JSON: the error names the line and column and what was expected
// there, and quotes none of the file (it holds secrets; JSON.parse's own message quotes the text
// around the error, an unquoted secret included).
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError } from "../../src/core/ConfigError.js";
import { loadConfigFile } from "../../src/server/loadConfig.js";
import { locateJsonError } from "../../src/server/locateJsonError.js";
import { runEntry } from "../helpers/spawnEntry.js";

const dir = mkdtempSync(join(tmpdir(), "wecom-graph-json-"));
let n = 0;
function file(text: string): string {
  const path = join(dir, `c${++n}.json`);
  writeFileSync(path, text);
  return path;
}

function configError(path: string): string {
  try {
    loadConfigFile(path, {});
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error("expected a ConfigError");
}

const SECRET = "Zq7KvXw2Lm9RtY4p";
const unquotedSecret = `{
  "vendors": {
    "yunzhenji": { "baseUrl": "https://x.cn", "appId": "a", "appSecret": ${SECRET} }
  }
}
`;

describe("a config file with a JSON syntax error", () => {
  it("names line and column and what was expected, and quotes nothing of the file (JSON.parse would quote the secret)", () => {
    expect(() => JSON.parse(unquotedSecret)).toThrow(SECRET.slice(0, 10));
    const path = file(unquotedSecret);
    const message = configError(path);
    expect(message).toBe(`config: ${path} is not valid JSON: line 3, column 74: expected a value (an object, array, string, number, true, false or null); text that is not one must be in double quotes`);
    for (let i = 0; i + 4 <= SECRET.length; i++) expect(message).not.toContain(SECRET.slice(i, i + 4));
  });

  it("the usual mistakes, each at its own place", () => {
    const cases: [string, string][] = [
      ['{\n  "port": 4000,\n}\n', "line 3, column 1: a comma before } (JSON allows no trailing comma)"],
      ['{ port: 4000 }', "line 1, column 3: expected a property name in double quotes"],
      ["{\n  'port': 4000\n}", "line 2, column 3: expected a property name in double quotes"],
      ['{ "corps": [ { "corpId": "ww1" } { "corpId": "ww2" } ] }', "line 1, column 34: expected , or ] after an array element"],
      ['{ "vendors": {}\n', "line 2, column 1: the text ends inside an object (a missing })"],
      ['{ "name": "示例企业 }', "line 1, column 11: a string that is never closed (a missing \")"],
      ['{ "name": "a\tb" }', "line 1, column 13: a control character (such as a line break or a tab) inside a string; escape it"],
      ['{ "port": 04000 }', "line 1, column 12: expected , or } after a property's value"],
      ['{ "port": 1 } {', "line 1, column 15: more text after the end of the JSON value"],
      ["", "line 1, column 1: the text ends where a value (an object, array, string, number, true, false or null) was expected"],
      ['{ "a": "\\x" }', "line 1, column 9: a backslash that starts no valid escape (\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)"],
      ['{ "a": -x }', "line 1, column 9: a malformed number: expected a digit"],
      ['{\r\n  "a": 1\r\n  "b": 2\r\n}', "line 3, column 3: expected , or } after a property's value"],
    ];
    for (const [text, where] of cases) {
      expect(() => JSON.parse(text), text).toThrow();
      const path = file(text);
      expect(configError(path), text).toBe(`config: ${path} is not valid JSON: ${where}`);
    }
  });

  it("a byte-order mark (Windows editors) is no error", () => {
    expect(loadConfigFile(file(`\uFEFF${JSON.stringify({ port: 4010, auth: { open: true } })}`), {}).port).toBe(4010);
  });

  it("`npm start` says so in one line, exit 1", async () => {
    const path = file(unquotedSecret);
    const run = await runEntry("src/server/main.ts", ["--config", path], { PORT: "0" });
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(`wecom-graph could not start: ${configError(path)}\n`);
    expect(run.stderr).not.toContain(SECRET.slice(0, 4));
  });
});

describe("locateJsonError", () => {
  it("finds nothing wrong in valid JSON, as JSON.parse does (the repo's fixtures, and edge cases)", () => {
    const fixtures = new URL("../fixtures/", import.meta.url);
    for (const name of readdirSync(fixtures)) {
      const text = readFileSync(new URL(name, fixtures), "utf8");
      expect(locateJsonError(text), name).toBeNull();
    }
    for (const text of ["0", "-0.5e+10", '"\\u00e9\\n"', "[]", "{}", " [ 1 , { \"a\" : [ null , true , false ] } ] ", '"emoji 😀"']) {
      expect(() => JSON.parse(text)).not.toThrow();
      expect(locateJsonError(text), text).toBeNull();
    }
  });

  it("counts columns in characters, as an editor shows them", () => {
    expect(locateJsonError('{ "名字": "示例", x }')).toEqual({ line: 1, column: 15, problem: "expected a property name in double quotes" });
  });
});
