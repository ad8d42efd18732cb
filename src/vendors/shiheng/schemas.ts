// Raw payloads of 食亨's employee list (docs/vendors/shiheng.md, Envelope and Rows).
// Every row field is documented as optional (必选 否); only what identifies a row is required here.
import { z } from "zod";
import { zCode, zFlagOrNull, zInt, zStringOrNull } from "../http/lenient.js";

/**
 * The part every answer has. `code` is a string ("0" = success) per the vendor's sample; a number
 * is read as its text so a gateway that re-serialises it does not turn success into failure.
 */
export const rawEnvelopeHeadSchema = z.object({
  code: z.union([z.string(), z.number().transform(String)], { error: "expected a code string such as \"0\"" }),
  msg: zStringOrNull,
  traceId: zStringOrNull,
});

/**
 * `followUserFlag`: typed boolean but described as "0-否 1-是"
 * (docs/vendors/shiheng.md, Quirks); both spellings are read by zFlagOrNull.
 */
export const followUserFlagSchema = zFlagOrNull;

/**
 * `gender`: a string "0"/"1"/"2" per the page, null without consent (the sample); an int is
 * accepted too. Kept raw for domain/enums.
 */
export const genderSchema = zCode;

/** `status`: 0 unknown, 1, 2, 4, 5 documented; the sample shows 6. Kept raw, never a decoding failure. */
export const statusSchema = zCode;

export const rawEmployeeSchema = z
  .object({
    id: zInt,
    weComUserId: zStringOrNull,
    status: statusSchema,
    name: zStringOrNull,
    corpId: z.string({ error: (iss) => `expected the WeCom corpid string, received ${iss.input === null ? "null" : typeof iss.input}` }).min(1),
    followUserFlag: followUserFlagSchema,
    userId: zStringOrNull,
    gender: genderSchema,
    avatarUrl: zStringOrNull,
    qrCodeUrl: zStringOrNull,
    mobileNumber: zStringOrNull,
    emailAddress: zStringOrNull,
    businessEmail: zStringOrNull,
    address: zStringOrNull,
    phone: zStringOrNull,
  })
  .superRefine((row, ctx) => {
    // A row we cannot name by its WeCom userid cannot be joined to anything: that is a broken row.
    if (!row.weComUserId?.trim() && !row.userId?.trim()) {
      ctx.addIssue({ code: "custom", path: ["weComUserId"], message: "expected the WeCom userid string, received none", input: row.weComUserId });
    }
  });

export const rawEmployeePageSchema = z.object({
  pages: zInt,
  total: zInt,
  // An empty page may come as null rather than [].
  result: z.array(rawEmployeeSchema).nullable(),
});

/** A success answer; its `code` and `traceId` were read by the envelope check already. */
export const rawEmployeeListSchema = z.object({
  result: rawEmployeePageSchema,
});

export type RawEmployee = z.output<typeof rawEmployeeSchema>;
export type RawEmployeePage = z.output<typeof rawEmployeePageSchema>;
export type RawEnvelopeHead = z.output<typeof rawEnvelopeHeadSchema>;
