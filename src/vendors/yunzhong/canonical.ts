// schemas.ts as canonical checks (http/canonical.ts): a getList page whose every field is already
// in its documented type skips zod. Keep in step with schemas.ts; test/vendors/http/canonical.test.ts
// fails when the two disagree.
import { absent, anyOf, anything, present, codeOrAbsent, list, nullish, object, objectOrArray, optional, safeInt, string, textOrAbsent, type Canonical } from "../http/canonical.js";

const text = textOrAbsent;
const code = codeOrAbsent;

const customer = object({
  external_userid: text,
  name: text,
  avatar: text,
  external_type: code,
  gender: code,
  unionid: text,
  position: text,
  corp_name: text,
  corp_full_name: text,
  external_profile: nullish(anyOf(string, objectOrArray)),
  is_member: code,
  uid: code,
});

const employee = object({
  user_id: nullish(string),
  name: text,
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
  main_department: code,
  // Not in the schema (yunzhong's member has no department list), but employeeFactsFromMember reads it.
  department: absent,
});

const row = object({
  id: safeInt,
  uniacid: optional(safeInt),
  crop_id: safeInt,
  uid: code,
  userid: string,
  external_userid: string,
  remark: text,
  description: text,
  customer_create_time: code,
  remark_corp_name: text,
  remark_mobiles: nullish(anyOf(string, list(anything))),
  oper_userid: text,
  tag_id: nullish(anyOf(string, list(string))),
  createtime: safeInt,
  add_way: code,
  state: text,
  status: code,
  created_at: nullish(string),
  tag_name: text,
  has_one_customer: nullish(customer),
  has_one_employee: nullish(employee),
});

const tag = object({
  id: optional(safeInt),
  tag_id: string,
  name: text,
  group_id: text,
  group_name: text,
  order: code,
  create_time: code,
});

const employeeRef = object({ user_id: string, name: text });

/** yunzhongEnvelopeSchema. */
export const canonicalEnvelope: Canonical = object({ result: safeInt, msg: nullish(string), data: present });

/** yunzhongListResponseSchema. */
export const canonicalListResponse: Canonical = object({
  result: safeInt,
  msg: nullish(string),
  data: object({
    // The counts first: the docs allow them as strings, and then the rows need not be walked at all.
    current_page: safeInt,
    last_page: safeInt,
    per_page: safeInt,
    total: safeInt,
    data: list(row),
    tag: nullish(list(tag)),
    employee: nullish(list(employeeRef)),
  }),
});
