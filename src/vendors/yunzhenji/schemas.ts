// Raw payloads of yunzhenji (docs/vendors/yunzhenji.md, Envelope and Rows), as the
// vendor sends them. Only what we read is declared; extra keys pass (the vendor adds fields).
import { z } from "zod";
import { fail, lenient, zInt, zIntOrNull, zString, zStringOrNull } from "../http/lenient.js";

/**
 * `group_id`: documented as a comma-separated string ("0" = ungrouped) but the vendor's own sample
 * sends the int 0 (docs/vendors/yunzhenji.md, Quirks: sample vs field list). Accept both, plus
 * null and an array, and leave the splitting to map.ts.
 */
export const groupIdSchema = lenient((value, ctx): string | number | number[] | null => {
  if (value === null || value === undefined) return null;
  if (typeof value === "number" && Number.isInteger(value)) return value;
  if (typeof value === "string") return value;
  if (Array.isArray(value) && value.every((v) => typeof v === "number" || (typeof v === "string" && /^\s*\d+\s*$/.test(v)))) {
    return value.map((v) => Number(v));
  }
  return fail(ctx, value, "a comma-separated string of group ids or an integer");
});

/**
 * `online`: documented as int 0/1 (docs/vendors/yunzhenji.md, Quirks). Kept raw so that a
 * boolean, a numeric string or an unexpected state (2, say) reads as online/offline in map.ts
 * instead of failing the page.
 */
export const onlineSchema = lenient((value, ctx): boolean | number | string | null => {
  if (value === null || value === undefined) return null;
  if (typeof value === "boolean" || typeof value === "string" || (typeof value === "number" && Number.isFinite(value))) return value;
  return fail(ctx, value, "0/1");
});

export const rawCorpSchema = z.object({
  id: zInt,
  name: zStringOrNull,
  wxid: zStringOrNull,
  remark: zStringOrNull,
  legal_person_name: zStringOrNull,
  legal_person_id: zStringOrNull,
  ctime: zIntOrNull,
  utime: zIntOrNull,
  verify_type: zIntOrNull,
  short_name: zStringOrNull,
});

export const rawAccountSchema = z.object({
  id: zInt,
  wxid: zString,
  nickname: zStringOrNull,
  full_name: zStringOrNull,
  wx_alias: zStringOrNull,
  avatar: zStringOrNull,
  mobile: zStringOrNull,
  sub_user_id: zIntOrNull,
  group_id: groupIdSchema,
  corp_id: zInt,
  online: onlineSchema,
  last_login_time: zIntOrNull,
  last_offline_time: zIntOrNull,
  ctime: zIntOrNull,
  utime: zIntOrNull,
  corp: rawCorpSchema.nullish(),
});

export const rawPagerSchema = z.object({
  page: zInt,
  perPage: zInt,
  numRecords: zInt,
  numPages: zInt,
  firstRecord: zIntOrNull,
  lastRecord: zIntOrNull,
});

/** The part every answer has: `errcode` (0 = success) and, on error, `message` (not `errmsg`). */
export const rawEnvelopeHeadSchema = z.object({
  errcode: zInt,
  message: zStringOrNull,
  // Some gateways in front of the vendor answer in WeCom's own spelling; read it as a fallback.
  errmsg: zStringOrNull,
});

export const rawWechatListSchema = z.object({
  errcode: zInt,
  // An empty result is sometimes `null` rather than `[]` on PHP backends; both are "no rows".
  data: z.array(rawAccountSchema).nullable(),
  pager: rawPagerSchema,
});

/** Decision (docs/vendors/yunzhenji.md, Decisions): `{ errcode: 0, data: { access_token, expires_in } }`. */
export const rawTokenSchema = z.object({
  errcode: zInt,
  data: z.object({
    access_token: z.string().min(1),
    // The vendor says 7200 s; a missing value is read as that.
    expires_in: zIntOrNull,
  }),
});

export type RawAccount = z.output<typeof rawAccountSchema>;
export type RawCorp = z.output<typeof rawCorpSchema>;
export type RawPager = z.output<typeof rawPagerSchema>;
export type RawWechatList = z.output<typeof rawWechatListSchema>;
export type RawToken = z.output<typeof rawTokenSchema>;
export type RawEnvelopeHead = z.output<typeof rawEnvelopeHeadSchema>;
