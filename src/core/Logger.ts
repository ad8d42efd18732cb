// The logger every layer writes to: pino's (object, message) shape, so pino itself, a request's
// logger that stamps its id, and a test's capturing logger all fit; injected, never imported.

/** pino-compatible subset: (object, message). */
export interface Logger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };
