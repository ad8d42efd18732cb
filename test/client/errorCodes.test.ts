// The typed client carries its own copy of the error catalogue (it ships without the server's
// code); this keeps the copy in step with src/errors/codes.ts, in both directions and in order.
import { describe, expect, it } from "vitest";
import { GRAPH_ERROR_CODES, VENDORS as CLIENT_VENDORS } from "../../src/client/createClient.js";
import { ERROR_CODES, GRAPHQL_ERROR_CODES, REQUEST_ERROR_CODES, VENDORS } from "../../src/errors/codes.js";

describe("the client's error codes", () => {
  it("are exactly the server's catalogue: vendor and input errors, request refusals, graphql-js's own", () => {
    expect([...GRAPH_ERROR_CODES]).toEqual([...ERROR_CODES, ...REQUEST_ERROR_CODES, ...GRAPHQL_ERROR_CODES]);
  });

  it("name the same vendors", () => {
    expect([...CLIENT_VENDORS]).toEqual([...VENDORS]);
  });
});
