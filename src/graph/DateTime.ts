import { GraphQLError } from "graphql";
import { builder } from "./builder.js";

// ISO-8601 with an explicit offset, so "2021-11-19 11:11:06" (China time? UTC?) is never guessed.
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;

export const DateTimeScalar = builder.scalarType("DateTime", {
  description: 'An instant, as ISO-8601 in UTC, e.g. "2021-11-19T03:11:06Z". Input takes any offset.',
  serialize: (value) => {
    const date = value instanceof Date ? value : new Date(value as string);
    const iso = date.toISOString();
    return iso.endsWith(".000Z") ? `${iso.slice(0, -5)}Z` : iso;
  },
  parseValue: (value) => {
    if (typeof value !== "string" || !ISO.test(value) || Number.isNaN(Date.parse(value))) {
      // graphql-js copies these extensions onto the variable or literal error it reports.
      throw new GraphQLError(`DateTime must be an ISO-8601 string with a time zone, like "2021-11-19T03:11:06Z"; got ${JSON.stringify(value)}`, {
        extensions: { code: "BAD_USER_INPUT" },
      });
    }
    return new Date(value);
  },
});
