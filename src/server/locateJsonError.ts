// Where a JSON text first breaks, and what was expected there, without quoting any of it. A config
// file holds app secrets and tokens, and JSON.parse's own message quotes the text around the error
// (`Unexpected token 's', "{"a": secretvalu"... is not valid JSON`) and only sometimes gives a
// position. So the text is scanned here, by the JSON grammar (RFC 8259), to the first error.

export interface JsonErrorLocation {
  /** 1-based line and column (in characters) of the first character that breaks the grammar. */
  line: number;
  column: number;
  /** What the grammar expected there, in words; never a piece of the text. */
  problem: string;
}

class Stop {
  constructor(
    readonly offset: number,
    readonly problem: string,
  ) {}
}

const VALUE = "a value (an object, array, string, number, true, false or null)";

/** The first syntax error of `text` as JSON, or null when it is valid JSON (or nested too deep to scan). */
export function locateJsonError(text: string): JsonErrorLocation | null {
  try {
    scan(text);
    return null;
  } catch (error) {
    if (error instanceof Stop) return { ...lineAndColumn(text, error.offset), problem: error.problem };
    // Nesting deeper than the stack: no location, but still no crash over a config file.
    if (error instanceof RangeError) return null;
    throw error;
  }
}

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const lineStart = before.lastIndexOf("\n") + 1;
  return { line: before.split("\n").length, column: Array.from(before.slice(lineStart)).length + 1 };
}

function scan(text: string): void {
  let i = 0;
  const end = text.length;
  const stop = (problem: string, at = i): never => {
    throw new Stop(at, problem);
  };
  const space = () => {
    while (i < end && (text[i] === " " || text[i] === "\t" || text[i] === "\n" || text[i] === "\r")) i++;
  };
  const digits = (what: string) => {
    const from = i;
    while (i < end && text[i]! >= "0" && text[i]! <= "9") i++;
    if (i === from) stop(`a malformed number: expected ${what}`);
  };

  const string = () => {
    const open = i++;
    for (;;) {
      if (i >= end) stop("a string that is never closed (a missing \")", open);
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        i++;
        return;
      }
      if (c === 0x5c) {
        const next = text[i + 1];
        if (next === "u") {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) stop("a \\u escape without four hex digits");
          i += 6;
        } else if (next !== undefined && '"\\/bfnrt'.includes(next)) i += 2;
        else stop('a backslash that starts no valid escape (\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)');
        continue;
      }
      if (c < 0x20) stop("a control character (such as a line break or a tab) inside a string; escape it");
      i++;
    }
  };

  const number = () => {
    if (text[i] === "-") i++;
    if (text[i] === "0") i++;
    else digits("a digit");
    if (text[i] === ".") {
      i++;
      digits("a digit after the decimal point");
    }
    if (text[i] === "e" || text[i] === "E") {
      i++;
      if (text[i] === "+" || text[i] === "-") i++;
      digits("a digit in the exponent");
    }
  };

  const value = (): void => {
    space();
    if (i >= end) stop(`the text ends where ${VALUE} was expected`);
    const c = text[i]!;
    if (c === "{") return object();
    if (c === "[") return array();
    if (c === '"') return string();
    if (c === "-" || (c >= "0" && c <= "9")) return number();
    for (const word of ["true", "false", "null"]) {
      if (text.startsWith(word, i)) {
        i += word.length;
        return;
      }
    }
    stop(`expected ${VALUE}; text that is not one must be in double quotes`);
  };

  const object = () => {
    i++;
    space();
    if (text[i] === "}") {
      i++;
      return;
    }
    for (;;) {
      space();
      if (i >= end) stop("the text ends inside an object (a missing })");
      if (text[i] === "}") stop("a comma before } (JSON allows no trailing comma)");
      if (text[i] !== '"') stop("expected a property name in double quotes");
      string();
      space();
      if (text[i] !== ":") stop("expected : after the property name");
      i++;
      value();
      space();
      if (text[i] === ",") {
        i++;
        continue;
      }
      if (text[i] === "}") {
        i++;
        return;
      }
      stop(i >= end ? "the text ends inside an object (a missing })" : "expected , or } after a property's value");
    }
  };

  const array = () => {
    i++;
    space();
    if (text[i] === "]") {
      i++;
      return;
    }
    for (;;) {
      space();
      if (text[i] === "]") stop("a comma before ] (JSON allows no trailing comma)");
      value();
      space();
      if (text[i] === ",") {
        i++;
        continue;
      }
      if (text[i] === "]") {
        i++;
        return;
      }
      stop(i >= end ? "the text ends inside an array (a missing ])" : "expected , or ] after an array element");
    }
  };

  value();
  space();
  if (i < end) stop("more text after the end of the JSON value");
}
