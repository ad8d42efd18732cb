// A start-up error the user fixes in their config or environment: its message names the key,
// variable or port (never a secret value), and the entry prints it alone, without a stack.
export class ConfigError extends Error {
  override readonly name = "ConfigError";
}
