import DataLoader from "dataloader";
import type { DirectoryProfile } from "../domain/types.js";
import { userIdKey } from "../domain/userId.js";
import { UpstreamError } from "../vendors/http/UpstreamError.js";
import { mapLimit } from "./mapLimit.js";
import type { ProfileSource } from "../vendors/Sources.js";

export interface EmployeeKey {
  corpId: string;
  userId: string;
}

export type DirectoryLoader = DataLoader<EmployeeKey, DirectoryProfile | null, string>;

export const DEFAULT_DIRECTORY_CONCURRENCY = 8;

/**
 * getUser for many employees: deduped case-insensitively, a few calls at a time, and once one call
 * of this request fails the rest fail with that same error instead of hammering a vendor that is
 * down (the boundary then reports one error, not one per row).
 */
export function createDirectoryLoader(source: ProfileSource, concurrency = DEFAULT_DIRECTORY_CONCURRENCY): DirectoryLoader {
  let failure: UpstreamError | null = null;
  return new DataLoader<EmployeeKey, DirectoryProfile | null, string>(
    async (keys) =>
      mapLimit(keys, concurrency, async (key) => {
        if (failure) return failure;
        try {
          return await source.getUser({ corpId: key.corpId, userId: key.userId });
        } catch (error) {
          if (error instanceof UpstreamError) failure ??= error;
          return error instanceof Error ? error : new Error(String(error));
        }
      }),
    { cacheKeyFn: (key) => userIdKey(key.corpId, key.userId), maxBatchSize: 200 },
  );
}
