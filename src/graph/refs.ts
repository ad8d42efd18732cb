// The object refs the type files share. Corp's fields name Employee and an Employee's name Corp, so
// if each type file defined its own ref they would import each other; here each type file
// implements its own ref and takes the others' from this file.
import type { Corp } from "../domain/corps.js";
import type { WeComAccount } from "../domain/types.js";
import type { CustomerNode } from "../loaders/customerPlan.js";
import type { EmployeeRef } from "../loaders/sourcePlan.js";
import { builder } from "./builder.js";
import type { ConnectionShape } from "./connectionArgs.js";

export const CorpRef = builder.objectRef<Corp>("Corp");
export const WeComAccountRef = builder.objectRef<WeComAccount>("WeComAccount");
export const EmployeeObject = builder.objectRef<EmployeeRef>("Employee");
export const ExternalCustomerRef = builder.objectRef<CustomerNode>("ExternalCustomer");

export const WeComAccountConnection = builder.objectRef<ConnectionShape<WeComAccount>>("WeComAccountConnection");
export const EmployeeConnection = builder.objectRef<ConnectionShape<EmployeeRef>>("EmployeeConnection");
export const CustomerConnection = builder.objectRef<ConnectionShape<CustomerNode>>("ExternalCustomerConnection");
