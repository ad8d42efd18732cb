// A Lua script run by its SHA (ioredis' defineCommand: EVALSHA, loading it on NOSCRIPT), defined on
// a connection the first time it is used there. Keys get the connection's keyPrefix like any command.
import type { Redis } from "ioredis";

export type RedisScript = (redis: Redis, keysAndArgs: readonly (string | number)[]) => Promise<unknown>;

/** `name` must be unique on the connection: several concerns (quota, token, cache) share it. */
export function redisScript(name: string, numberOfKeys: number, lua: string): RedisScript {
  return (redis, keysAndArgs) => {
    const commands = redis as unknown as Record<string, ((...args: (string | number)[]) => Promise<unknown>) | undefined>;
    if (typeof commands[name] !== "function") redis.defineCommand(name, { numberOfKeys, lua });
    return (commands[name] as (...args: (string | number)[]) => Promise<unknown>)(...keysAndArgs);
  };
}
