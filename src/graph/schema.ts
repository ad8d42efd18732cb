// The assembled schema. Importing a type's file registers it (and its queries) on the builder.
import { lexicographicSortSchema, printSchema, type GraphQLSchema } from "graphql";
import { builder } from "./builder.js";
import "./Query.js";
import "./Node.js";
import "./DateTime.js";
import "./PageInfo.js";
import "./enums.js";
import "./CustomerTag.js";
import "./CustomerFilter.js";
import "./Corp.js";
import "./WeComAccount.js";
import "./Employee.js";
import "./ExternalCustomer.js";
import "./nodeQuery.js";

export const schema: GraphQLSchema = builder.toSchema();

/** The committed contract: sorted, so a diff shows only real changes. */
export function printContract(): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}
