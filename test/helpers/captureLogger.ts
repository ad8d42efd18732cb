// A logger that keeps its lines, for tests that look for a log line or prove a secret is in none.
import type { Logger } from "../../src/core/Logger.js";

export interface LogLine {
  level: string;
  obj: Record<string, unknown>;
  msg: string | undefined;
}

export interface CapturedLogger extends Logger {
  lines: LogLine[];
  /** Each line as one searchable string: level, object, message. */
  texts(): string[];
  /** Every line, as JSON, one a line. */
  text(): string;
}

export function captureLogger(): CapturedLogger {
  const lines: LogLine[] = [];
  const at = (level: string) => (obj: object, msg?: string) => void lines.push({ level, obj: obj as Record<string, unknown>, msg });
  return {
    lines,
    texts: () => lines.map((l) => `${l.level} ${JSON.stringify(l.obj)} ${l.msg ?? ""}`),
    text: () => lines.map((l) => JSON.stringify(l)).join("\n"),
    debug: at("debug"),
    info: at("info"),
    warn: at("warn"),
    error: at("error"),
  };
}
