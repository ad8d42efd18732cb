// The schema's enums (schema/schema.graphql), from the domain's lists so the graph and the vendor mapping cannot drift.
import { ADD_WAY_BY_CODE, type AddWay, CUSTOMER_STATUSES, EMPLOYEE_STATUSES, EXTERNAL_CONTACT_TYPES, GENDERS } from "../domain/enums.js";
import { builder } from "./builder.js";

const addWayValues = {} as Record<AddWay, { value: AddWay; description: string }>;
for (const [code, name] of Object.entries(ADD_WAY_BY_CODE)) {
  addWayValues[name] = { value: name, description: name === "UNKNOWN" ? "add_way 0, or a code this schema does not know" : `add_way ${code}` };
}

export const AddWayEnum = builder.enumType("AddWay", {
  description: "How the employee added the customer: WeCom's add_way code. UNKNOWN is 0 and every code not listed here.",
  values: addWayValues,
});

export const EmployeeStatusEnum = builder.enumType("EmployeeStatus", {
  description: "WeCom member status: 1 ACTIVE, 2 DISABLED, 4 INACTIVE, 5 LEFT, anything else UNKNOWN.",
  values: EMPLOYEE_STATUSES,
});

export const GenderEnum = builder.enumType("Gender", { values: GENDERS });

export const ExternalContactTypeEnum = builder.enumType("ExternalContactType", {
  description: "WECHAT: a WeChat user; WECOM: a member of another WeCom corp.",
  values: EXTERNAL_CONTACT_TYPES,
});

export const CustomerStatusEnum = builder.enumType("CustomerStatus", {
  description: "NORMAL: still a contact; LOST: the customer deleted the employee.",
  values: CUSTOMER_STATUSES,
});
