import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectRedis } from "../../src/redis/connectRedis.js";
import { captureLogger } from "../helpers/captureLogger.js";
import { startRedisServer, type RedisServer } from "../helpers/redisServer.js";

let server: RedisServer;
beforeAll(async () => {
  server = await startRedisServer();
});
afterAll(() => server?.stop());

describe("connectRedis", () => {
  it("talks to a real redis-server under the configured key prefix", async () => {
    const logger = captureLogger();
    const redis = connectRedis({ url: server.url, keyPrefix: "wg-test:" }, logger);
    try {
      await redis.set("hello", "world");
      expect(await server.client.get("wg-test:hello")).toBe("world");
      expect(await redis.get("hello")).toBe("world");
    } finally {
      redis.disconnect();
    }
  });

  it("logs an unreachable server once, by host and port, never the URL's password", async () => {
    const logger = captureLogger();
    const redis = connectRedis({ url: "redis://user:sekret-password@127.0.0.1:1/0", keyPrefix: "x:" }, logger);
    try {
      await expect(redis.get("k")).rejects.toThrow();
      const warns = logger.lines.filter((l) => l.level === "warn");
      expect(warns).toHaveLength(1);
      expect(warns[0]!.obj).toMatchObject({ redis: "127.0.0.1:1" });
      expect(JSON.stringify(logger.lines)).not.toContain("sekret");
    } finally {
      redis.disconnect();
    }
  });
});
