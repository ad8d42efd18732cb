// Raw directory getUser payloads: the official WeCom `user/get` shape. Vendor facts:
// docs/vendors/directory.md.
import { z } from "zod";
import { zCodeOrAbsent, zInt, zTextOrAbsent } from "../http/lenient.js";

/**
 * WeCom documents ints, but the vendor's own sample sends `gender: "1"` (vendor page 1.1.5
 * 返回示例; docs/vendors/directory.md), so any int (errcode, department ids) is read from a numeric string too.
 */
const int = zInt;
/** A field WeCom may leave out (no right to read it): absent must stay apart from null. */
const text = zTextOrAbsent;
/** gender / status: mapped by tolerant enum functions, so any string or number is accepted. */
const code = zCodeOrAbsent;

/**
 * What every answer has. Errors are HTTP 200 with `errcode != 0` and nothing else of the user, so
 * the profile is only decoded once errcode says success (docs/vendors/directory.md, Errors: errcode only).
 */
export const directoryEnvelopeSchema = z.object({
  errcode: int,
  errmsg: z.string().nullish(),
});

export const directoryUserSchema = z.object({
  errcode: int,
  errmsg: z.string().nullish(),
  userid: z.string().min(1),
  name: text,
  /** The employee's department ids (the whole list, unlike yunzhong's main_department). */
  department: z.array(int).nullish(),
  position: text,
  mobile: text,
  gender: code,
  email: text,
  biz_mail: text,
  direct_leader: z.array(z.string()).nullish(),
  avatar: text,
  telephone: text,
  alias: text,
  address: text,
  open_userid: text,
  main_department: code,
  status: code,
  // extattr, external_profile, order, qr_code … are not mapped, so they are not validated either:
  // a vendor reshaping a field we never read must not take the employee away.
});

export type DirectoryEnvelope = z.output<typeof directoryEnvelopeSchema>;
export type DirectoryRawUser = z.output<typeof directoryUserSchema>;
