// decode()'s fast path. A vendor that sends every field in its documented type (the common case)
// needs nothing from its zod schema but a yes: zod would copy the whole payload, coerce nothing and
// hand back the same values. A canonical check says that yes in a few typeof tests per field, and
// decode() then takes the payload as it is. Anything a check does not accept (a numeric string, a
// missing key zod reads as null, a PHP object-list, a wrong type) goes through the schema as before,
// so every liberty is still read and every failure still names its path.
//
// A payload the fast path takes keeps keys its schema does not declare (zod would drop them). That
// is harmless while mappers read only declared keys; where a shared mapper reads one the vendor's
// schema leaves out, the check says `absent` for it, so such a payload goes through zod instead.
//
// Each check must accept only values its schema outputs unchanged; test/vendors/http/canonical.test.ts
// holds every vendor's checks to that against its schemas, with real pages and mutated ones.
export type Canonical = (value: unknown) => boolean;

export const anything: Canonical = () => true;

/** z.unknown() as an object field: any value, but zod wants the key there. */
export const present: Canonical = (v) => v !== undefined;

/** A key the schema does not declare and a shared mapper would read: the fast path is for payloads without it. */
export const absent: Canonical = (v) => v === undefined;

export const string: Canonical = (v) => typeof v === "string";

export const nonEmptyString: Canonical = (v) => typeof v === "string" && v.length > 0;

/** zInt: an integer already a number. */
export const safeInt: Canonical = (v) => typeof v === "number" && Number.isSafeInteger(v);

/** zIntOrNull: an integer or null; "" and a missing key are read as null by the schema, so they are not canonical. */
export const intOrNull: Canonical = (v) => v === null || safeInt(v);

/** zStringOrNull: a string or null; a number (read as its text) and a missing key are not canonical. */
export const stringOrNull: Canonical = (v) => v === null || typeof v === "string";

/** zTextOrAbsent and zCodeOrAbsent: passed through as they are. */
export const textOrAbsent: Canonical = (v) => v === null || v === undefined || typeof v === "string" || (typeof v === "number" && Number.isFinite(v));

export const codeOrAbsent = textOrAbsent;

export function nullable(check: Canonical): Canonical {
  return (v) => v === null || check(v);
}

export function optional(check: Canonical): Canonical {
  return (v) => v === undefined || check(v);
}

export function nullish(check: Canonical): Canonical {
  return (v) => v === null || v === undefined || check(v);
}

export function anyOf(...checks: Canonical[]): Canonical {
  return (v) => checks.some((check) => check(v));
}

/** A real array (a PHP object-list is converted by the schema, so it is not canonical). */
export function list(item: Canonical): Canonical {
  return (v) => {
    if (!Array.isArray(v)) return false;
    for (const element of v) if (!item(element)) return false;
    return true;
  };
}

/** A plain object whose declared fields are canonical; undeclared keys are ignored, as the schema strips them. */
export function object(shape: Record<string, Canonical>): Canonical {
  const entries = Object.entries(shape);
  return (v) => {
    if (typeof v !== "object" || v === null || Array.isArray(v)) return false;
    const record = v as Record<string, unknown>;
    for (const [key, check] of entries) if (!check(record[key])) return false;
    return true;
  };
}

/** A JSON object (z.record) or array: what a JSON-in-JSON field may already arrive as. */
export const objectOrArray: Canonical = (v) => typeof v === "object" && v !== null;
