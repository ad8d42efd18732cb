// CSRF prevention (@graphql-yoga/plugin-csrf-prevention): a GET or a form post must carry a header
// a cross-site page cannot set without a CORS preflight, so a page elsewhere cannot make a
// browser run an operation here. JSON posts are preflighted anyway and pass. The plugin's refusal
// has no `extensions.code`; this gives it one and says how to comply.
import { useCSRFPrevention } from "@graphql-yoga/plugin-csrf-prevention";
import { createGraphQLError, type Plugin } from "graphql-yoga";
import type { RequestErrorCode } from "../errors/codes.js";

export const CSRF_HEADER = "x-graphql-yoga-csrf";

export function useCsrfPrevention(): Plugin {
  const inner = useCSRFPrevention({ requestHeaders: [CSRF_HEADER] });
  return {
    onRequestParse(payload) {
      try {
        return inner.onRequestParse?.(payload);
      } catch {
        throw createGraphQLError(`A GET or form request must carry the header ${CSRF_HEADER} (any value), or be a JSON post (content-type: application/json).`, {
          extensions: { code: "BAD_REQUEST" satisfies RequestErrorCode, http: { status: 403 } },
        });
      }
    },
  };
}
