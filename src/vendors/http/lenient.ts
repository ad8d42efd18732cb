// zod building blocks for the liberties Chinese SaaS APIs take with JSON types (docs/vendors/*.md,
// Quirks): ints arrive as numeric strings, booleans as 0/1, absent values as null
// or a missing key. Each block accepts exactly those liberties and still rejects a value of the
// wrong shape (an object where a number belongs), with a message that says what it got.
import { z } from "zod";

/** `null`, `array`, `object`, `string`, ... for messages; never the value itself. */
export function kindOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  return typeof value;
}

const NUMERIC = /^\s*-?\d+\s*$/;

function toInt(value: unknown): number | undefined {
  if (typeof value === "number" && Number.isSafeInteger(value)) return value;
  if (typeof value === "string" && NUMERIC.test(value)) {
    const n = Number.parseInt(value, 10);
    if (Number.isSafeInteger(n)) return n;
  }
  return undefined;
}

/**
 * A schema from a reader function. The identity preprocess matters: zod reports a missing key as
 * "expected nonoptional" before a bare `z.unknown().transform` runs, so absent fields could not be
 * read as null; inside a preprocess the reader sees `undefined` and decides.
 */
export function lenient<T>(read: (value: unknown, ctx: z.core.$RefinementCtx) => T) {
  return z.preprocess((value: unknown) => value, z.unknown().transform((value, ctx) => read(value, ctx as z.core.$RefinementCtx)));
}

/** Reports `value` as not being `expected` (e.g. "expected a string, received object"). */
export function fail(ctx: z.core.$RefinementCtx, value: unknown, expected: string): never {
  ctx.addIssue({ code: "custom", message: `expected ${expected}, received ${kindOf(value)}`, input: value });
  return z.NEVER as never;
}

/** A required integer, sent as a number or a numeric string. */
export const zInt = lenient((value, ctx): number => {
  const n = toInt(value);
  return n === undefined ? fail(ctx, value, "an integer or a numeric string") : n;
});

/** An integer that may be null, missing or "" (all read as null). */
export const zIntOrNull = lenient((value, ctx): number | null => {
  if (value === null || value === undefined || value === "") return null;
  const n = toInt(value);
  return n === undefined ? fail(ctx, value, "an integer, a numeric string or null") : n;
});

/** A required string; a number is read as its decimal text (PHP backends mix them freely). */
export const zString = lenient((value, ctx): string => {
  if (typeof value === "string") return value;
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  return fail(ctx, value, "a string");
});

/** A string that may be null or missing; a number is read as its decimal text. */
export const zStringOrNull = lenient((value, ctx): string | null => {
  if (value === null || value === undefined) return null;
  if (typeof value === "string") return value;
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  return fail(ctx, value, "a string or null");
});

/** A boolean that may come as true/false, 0/1 or "0"/"1"; null or missing is null. */
export const zFlagOrNull = lenient((value, ctx): boolean | null => {
  if (value === null || value === undefined || value === "") return null;
  if (typeof value === "boolean") return value;
  if (value === 0 || value === "0" || value === "false") return false;
  if (value === 1 || value === "1" || value === "true") return true;
  return fail(ctx, value, "a boolean, 0/1 or null");
});

/**
 * A text field of a payload whose absence means "not carried" (domain/employeeFacts.ts): unlike
 * zStringOrNull, a missing key stays undefined, apart from null. Numbers pass as they are (MySQL
 * ints, a mobile sent as a number); the mapping reads them with textOrNull / parseMobile.
 */
export const zTextOrAbsent = z.union([z.string(), z.number()]).nullish();

/** An enum code (gender, status) read by domain/enums; like zTextOrAbsent, a missing key stays undefined. */
export const zCodeOrAbsent = z.union([z.number(), z.string()]).nullish();

/**
 * An enum code kept raw for domain/enums to read: any int, numeric or other string, or null.
 * An out-of-range value is the enum's UNKNOWN there, never a decoding failure here.
 */
export const zCode = lenient((value, ctx): number | string | null => {
  if (value === null || value === undefined) return null;
  if (typeof value === "number" && Number.isFinite(value)) return value;
  if (typeof value === "string") return value;
  return fail(ctx, value, "a code (number or string) or null");
});
