// Raw yunzhong payloads as they really arrive. Every quirk the vendor documents is accepted here
// (and turned into one type) so map.ts deals with a single shape; anything structurally different
// is rejected and reported by path. Vendor facts and quirks: docs/vendors/yunzhong.md
// (Rows and Quirks).
import { z } from "zod";
import { zCodeOrAbsent, zInt, zTextOrAbsent } from "../http/lenient.js";

/**
 * Documented ints that PHP may render as numeric strings: the vendor's sample already sends
 * `add_way: "1"`, and the paginator's numbers (`per_page`, `total`, `current_page`, `last_page`)
 * are read the same way (docs/vendors/yunzhong.md, Quirks). Anything else still fails with its path.
 */
const int = zInt;

/**
 * Not in the vendor's docs but in its stack: a Laravel collection that was filtered keeps its keys,
 * and PHP's json_encode then writes an object (`{"0": …, "2": …}`) instead of a list. The values are
 * taken in key order, so a catalogue that lost an entry server-side is not a broken payload.
 * Applies to `data.data`, `data.tag[]` and `data.employee[]` (docs/vendors/yunzhong.md, Quirks).
 */
export function phpListValues(value: unknown): unknown {
  if (value && typeof value === "object" && !Array.isArray(value)) {
    const keys = Object.keys(value);
    if (keys.length === 0 || keys.every((k) => /^\d+$/.test(k))) return Object.values(value);
  }
  return value;
}

const phpList = <T extends z.ZodType>(item: T) => z.preprocess(phpListValues, z.array(item));

/** A text column: the vendor leaves most of them "" or null; numbers show up where MySQL had ints. */
const text = zTextOrAbsent;

/** A code we map with a tolerant enum function (unknown values must never fail a query). */
const code = zCodeOrAbsent;

/**
 * `remark_mobiles` is a JSON *string* ("[]", "[\"138…\"]"); some rows already carry the array.
 * Parsing it (and tolerating junk inside) is remarkMobiles.ts's job. Vendor page, data[remark_mobiles].
 */
const remarkMobiles = z.union([z.string(), z.array(z.unknown())]).nullish();

/**
 * `external_profile` is a JSON string, often the literal "null"; a decoded object is accepted too.
 * We do not map it, so its inside is never validated. Vendor page, has_one_customer[external_profile].
 */
const externalProfile = z.union([z.string(), z.record(z.string(), z.unknown()), z.array(z.unknown())]).nullish();

/** `tag_id`: comma-separated WeCom tag ids, "" for none. A list is accepted as well. */
const tagIdList = z.union([z.string(), z.array(z.string())]).nullish();

export const yunzhongCustomerSchema = z.object({
  external_userid: text,
  name: text,
  avatar: text,
  external_type: code,
  gender: code,
  unionid: text,
  position: text,
  corp_name: text,
  corp_full_name: text,
  external_profile: externalProfile,
  is_member: code,
  uid: code,
});

export const yunzhongEmployeeSchema = z.object({
  user_id: z.string().nullish(),
  name: text,
  /** Documented as int: the sample sends "13547567468", MySQL ints arrive as numbers. */
  mobile: text,
  position: text,
  gender: code,
  telephone: text,
  email: text,
  avatar: text,
  alias: text,
  status: code,
  qr_code: text,
  address: text,
  open_userid: text,
  /** A string such as "1"; the only department it names, so not the employee's department list. */
  main_department: code,
});

export const yunzhongRowSchema = z.object({
  id: int,
  uniacid: int.optional(),
  crop_id: int,
  uid: code,
  userid: z.string(),
  external_userid: z.string(),
  remark: text,
  description: text,
  customer_create_time: code,
  remark_corp_name: text,
  remark_mobiles: remarkMobiles,
  oper_userid: text,
  tag_id: tagIdList,
  createtime: int,
  add_way: code,
  state: text,
  status: code,
  /** "YYYY-MM-DD HH:mm:ss", China time; null on rows never synced. */
  created_at: z.string().nullish(),
  tag_name: text,
  has_one_customer: yunzhongCustomerSchema.nullish(),
  has_one_employee: yunzhongEmployeeSchema.nullish(),
});

export const yunzhongTagSchema = z.object({
  id: int.optional(),
  tag_id: z.string(),
  name: text,
  group_id: text,
  group_name: text,
  order: code,
  create_time: code,
});

export const yunzhongEmployeeRefSchema = z.object({
  user_id: z.string(),
  name: text,
});

/** The Laravel paginator inside a successful envelope; the server picks `per_page`. */
export const yunzhongPaginatorSchema = z.object({
  current_page: int,
  data: phpList(yunzhongRowSchema),
  last_page: int,
  per_page: int,
  total: int,
  tag: phpList(yunzhongTagSchema).nullish(),
  employee: phpList(yunzhongEmployeeRefSchema).nullish(),
});

/**
 * What every answer has, success or not: `result` 1 is success; on failure `msg` says why and
 * `data` is `[]` (vendor page, 错误时返回), so `data` is not looked at until `result` says success.
 */
export const yunzhongEnvelopeSchema = z.object({
  result: int,
  msg: z.string().nullish(),
  data: z.unknown(),
});

export const yunzhongListResponseSchema = z.object({
  result: int,
  msg: z.string().nullish(),
  data: yunzhongPaginatorSchema,
});

export type YunzhongEnvelope = z.output<typeof yunzhongEnvelopeSchema>;
export type YunzhongListResponse = z.output<typeof yunzhongListResponseSchema>;
export type YunzhongPaginator = z.output<typeof yunzhongPaginatorSchema>;
export type YunzhongRow = z.output<typeof yunzhongRowSchema>;
export type YunzhongRawCustomer = z.output<typeof yunzhongCustomerSchema>;
export type YunzhongRawEmployee = z.output<typeof yunzhongEmployeeSchema>;
export type YunzhongRawTag = z.output<typeof yunzhongTagSchema>;
