// The planning of Employee fields lives in employeeSources.ts; this path stays for its importers.
export { employeeField, employeeRef, knownField, type EmployeeRef } from "./employeeSources.js";
