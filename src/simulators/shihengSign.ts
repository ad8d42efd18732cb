// Decision (docs/vendors/shiheng.md, Signing): sign = uppercase hex MD5(secret + k1 + v1 + k2 + v2 + … + secret) over
// every top-level field but `sign`, keys in code-point order; objects count as their JSON text.
import { createHash } from "node:crypto";

function signValue(value: unknown): string {
  if (typeof value === "string") return value;
  if (value !== null && typeof value === "object") return JSON.stringify(value);
  return String(value);
}

function byCodePoint(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = (x[i] as string).codePointAt(0)! - (y[i] as string).codePointAt(0)!;
    if (d !== 0) return d;
  }
  return x.length - y.length;
}

/** The text that is hashed (exposed so a failing sign can be explained in tests). */
export function shihengSignText(body: Record<string, unknown>, appSecret: string): string {
  const keys = Object.keys(body)
    .filter((k) => k !== "sign" && body[k] !== undefined)
    .sort(byCodePoint);
  return appSecret + keys.map((k) => k + signValue(body[k])).join("") + appSecret;
}

export function shihengSign(body: Record<string, unknown>, appSecret: string): string {
  return createHash("md5").update(shihengSignText(body, appSecret), "utf8").digest("hex").toUpperCase();
}
