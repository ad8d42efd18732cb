// The one shape of a refusal for size: `QUERY_TOO_COMPLEX` with a message that says what to reduce.
// Before execution it is a request error (HTTP 400 for application/graphql-response+json, as
// GraphQL's own validation errors are); during execution it is a field error like any other.
import { GraphQLError } from "graphql";
import { GraphError } from "../errors/GraphError.js";

export function queryTooComplex(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: "QUERY_TOO_COMPLEX", http: { spec: true, status: 400 } } });
}

export function tooManyCalls(limit: number): GraphError {
  return new GraphError(
    "QUERY_TOO_COMPLEX",
    `this request needs more than ${limit} vendor calls (limits.maxUpstreamCallsPerRequest): ask for fewer rows (\`first\`), fewer nested lists, fewer aliases or fewer filter.tagIds`,
  );
}
