// Bounds on a document's shape (depth, aliases, directives, tokens), checked by graphql-armor while
// parsing and validating, so before variables are known; they do not depend on them. Armor's own
// refusals read "Syntax Error: … found 42." with no code: ours say what was found and what to do,
// with the same `QUERY_TOO_COMPLEX` as the cost limit. Cost is not armor's (see useQueryCost).
import { EnvelopArmorPlugin } from "@escape.tech/graphql-armor";
import type { GraphQLArmorRejectCallback } from "@escape.tech/graphql-armor-types";
import type { Plugin } from "graphql-yoga";
import { queryTooComplex } from "./tooComplex.js";

export const MAX_ALIASES = 30;
export const MAX_TOKENS = 5000;
export const MAX_DIRECTIVES = 30;

function found(error: Error): string {
  return /found (\d+)/.exec(error.message)?.[1] ?? "more";
}

/** Reports our error instead of armor's: into validation when there is a context, else (the parser) by throwing. */
function refuse(message: (armorError: Error) => string): GraphQLArmorRejectCallback {
  return (context, armorError) => {
    const error = queryTooComplex(message(armorError));
    if (!context) throw error;
    context.reportError(error);
  };
}

export function useShapeLimits(options: { maxDepth: number }): Plugin {
  const rejecting = (message: (armorError: Error) => string) => ({ propagateOnRejection: false, onReject: [refuse(message)] });
  return EnvelopArmorPlugin({
    maxDepth: {
      n: options.maxDepth,
      ...rejecting((e) => `Query depth limit of ${options.maxDepth} exceeded: this operation nests ${found(e)} levels deep. Nest less, or fetch the inner objects in a second query (node(id:) takes any id).`),
    },
    maxAliases: {
      n: MAX_ALIASES,
      ...rejecting((e) => `Alias limit of ${MAX_ALIASES} exceeded: this operation uses ${found(e)} aliases. Split it into several operations.`),
    },
    maxDirectives: {
      n: MAX_DIRECTIVES,
      ...rejecting((e) => `Directive limit of ${MAX_DIRECTIVES} exceeded: this operation uses ${found(e)} directives. Use fewer.`),
    },
    maxTokens: {
      n: MAX_TOKENS,
      ...rejecting(() => `Token limit of ${MAX_TOKENS} exceeded: this document is too long. Send a shorter one (fewer fields, fragments or arguments).`),
    },
    costLimit: { enabled: false },
    blockFieldSuggestion: { enabled: false },
  }) as Plugin;
}
