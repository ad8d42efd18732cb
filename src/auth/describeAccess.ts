// One line for the start-up banner: how callers get in, by key names and the JWT issuer, never a key.
import type { AccessConfig } from "./accessConfig.js";

export function describeAccess(config: AccessConfig): string {
  const auth = config.auth;
  if (!auth || auth.open) return "open: no authentication, every scope (pii unmasked)";
  const parts: string[] = [];
  for (const k of auth.apiKeys ?? []) parts.push(`API key "${k.name}" (scopes: ${k.scopes.join(", ") || "none"})`);
  if (auth.jwt) parts.push(`JWTs from ${auth.jwt.issuer} (scopes in "${auth.jwt.scopesClaim}")`);
  return `Authorization: Bearer … required; ${parts.join("; ")}`;
}
