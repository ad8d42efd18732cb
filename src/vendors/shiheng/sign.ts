// 食亨's request signature. The vendor's page names a `sign` field but not how to compute it
// (docs/vendors/shiheng.md, Vendor page); the scheme is the project's Decision in
// docs/vendors/shiheng.md (Signing). It is one function so a differing real scheme is a config change.
import { createHash } from "node:crypto";

/** `(body without sign, appSecret) => sign`. */
export type ShihengSigner = (body: Readonly<Record<string, unknown>>, appSecret: string) => string;

/** Sorts by Unicode code point, not UTF-16 unit (the Decision says code point; they differ past U+FFFF). */
export function compareCodePoints(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  const n = Math.min(x.length, y.length);
  for (let i = 0; i < n; i++) {
    const d = (x[i] as string).codePointAt(0)! - (y[i] as string).codePointAt(0)!;
    if (d !== 0) return d;
  }
  return x.length - y.length;
}

/**
 * A field's signed text: an object (paramContent) is its JSON text exactly as the transport sends
 * it (JSON.stringify, no spaces), everything else its string form.
 */
export function signedValue(value: unknown): string {
  if (value !== null && typeof value === "object") return JSON.stringify(value);
  return String(value);
}

/** `appSecret + k1 + v1 + … + appSecret` over every field but `sign`, keys in code-point order. */
export function signingText(body: Readonly<Record<string, unknown>>, appSecret: string): string {
  const keys = Object.keys(body)
    // An undefined value is dropped by JSON.stringify, so the server never sees it: not signed either.
    .filter((key) => key !== "sign" && body[key] !== undefined)
    .sort(compareCodePoints);
  let text = appSecret;
  for (const key of keys) text += key + signedValue(body[key]);
  return text + appSecret;
}

/** Decision (docs/vendors/shiheng.md, Signing): uppercase hex MD5 of `signingText`. */
export const md5Signer: ShihengSigner = (body, appSecret) =>
  createHash("md5").update(signingText(body, appSecret), "utf8").digest("hex").toUpperCase();
