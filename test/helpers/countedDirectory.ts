// A request's loaders over a fake directory (and nothing else) that counts its getUser calls:
// what the source-planning decisions may ask, and how often, on small hand-made inputs.
import type { EmployeeFacts } from "../../src/domain/types.js";
import { Loaders } from "../../src/loaders/createLoaders.js";
import { SourceCosts } from "../../src/loaders/sourcePlan.js";
import { UpstreamError } from "../../src/vendors/http/UpstreamError.js";
import type { Sources } from "../../src/vendors/Sources.js";

/** Per userid: the profile's facts besides source and userid, an error to throw, or null (no such user). */
export type DirectoryWorld = Record<string, Omit<EmployeeFacts, "source" | "userId"> | Error | null>;

export function countedDirectory(world: DirectoryWorld): { loaders: Loaders; calls: string[] } {
  const calls: string[] = [];
  const sources: Sources = {
    directory: {
      getUser: async ({ corpId, userId }) => {
        calls.push(userId);
        const entry = world[userId];
        if (entry instanceof Error) throw entry;
        if (!entry) return null;
        return { corpId, facts: { source: "directory", userId, ...entry }, alias: null, telephone: null, bizMail: null, address: null, mainDepartment: null, directLeaders: [], openUserId: null };
      },
    },
  };
  return { loaders: new Loaders(sources, { costs: new SourceCosts() }), calls };
}

/** Loaders with no vendor configured at all. */
export function noSources(): Loaders {
  return new Loaders({}, { costs: new SourceCosts() });
}

export function directoryDown(): UpstreamError {
  return new UpstreamError({ vendor: "directory", endpoint: "getUser", code: "UPSTREAM_ERROR", message: "directory getUser failed with HTTP 500", status: 500 });
}
