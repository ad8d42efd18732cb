// What a browser and a schema explorer get (README, Access). A config
// file closes everything unless it says otherwise (fileConfigSchema fills false / no origins);
// the built-in simulators' graph, which has no config file, stays browsable: GraphiQL,
// introspection, and CORS for any origin (without credentials, which a bearer header never needs),
// and no CSRF prevention: it serves made-up data on a developer's machine, where a plain
// `curl 'localhost:4000/graphql?query=…'` or a browser EventSource should just work.
import { NoSchemaIntrospectionCustomRule } from "graphql";
import type { CORSOptions, Plugin } from "graphql-yoga";
import type { AccessConfig } from "./accessConfig.js";

export interface ServingDefaults {
  graphiql: boolean;
  introspection: boolean;
  /** Yoga's `cors`: per request, so an origin not listed gets no CORS headers at all. */
  cors: (request: Request) => CORSOptions;
  /** GET and form posts must carry a header a cross-site page cannot set (useCsrfPrevention). */
  csrf: boolean;
}

export function servingDefaults(config: AccessConfig): ServingDefaults {
  const only = config.persistedDocuments?.only ?? false;
  // Only-mode refuses GraphiQL's ad-hoc queries, so it turns GraphiQL's default off; asking for
  // both is a config error (configSchema).
  const graphiql = config.graphiql ?? !only;
  const introspection = config.introspection ?? true;
  const origins = config.cors?.origins ?? ["*"];
  // fileConfigSchema always fills `cors`: a config without it was built for the simulators.
  const csrf = config.cors !== undefined;
  return { graphiql, introspection, cors: corsFor(origins), csrf };
}

function corsFor(origins: readonly string[]): (request: Request) => CORSOptions {
  const any = origins.includes("*");
  return (request) => {
    const origin = request.headers.get("origin");
    if (origin === null) return false;
    // `*` is never answered with credentials; a listed origin is, since it was trusted by name;
    // any other origin gets no CORS headers, so its browser refuses. A preflight's requested
    // headers (Authorization among them) are allowed as asked.
    if (any) return { origin: "*", credentials: false, methods: ["GET", "POST"], maxAge: 600 };
    if (!origins.includes(origin)) return false;
    return { origin: [origin], credentials: true, methods: ["GET", "POST"], maxAge: 600 };
  };
}

/** Introspection off: `__schema` and `__type` fail validation (graphql-js's own rule); `__typename` still answers. */
export function useNoIntrospection(): Plugin {
  return {
    onValidate({ addValidationRule }) {
      addValidationRule(NoSchemaIntrospectionCustomRule);
    },
  };
}
