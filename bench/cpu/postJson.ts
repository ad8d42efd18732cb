// One JSON POST over a shared keep-alive agent; a non-200 answer is an error.
import { Agent, request } from "node:http";

const agent = new Agent({ keepAlive: true, maxSockets: 64 });

export function postJson(url: string, body: string, retryStale = true): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: "POST", agent, headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => {
        const text = Buffer.concat(chunks).toString("utf8");
        if (res.statusCode !== 200) reject(new Error(`${url}: HTTP ${res.statusCode}: ${text.slice(0, 300)}`));
        else resolve(text);
      });
      res.on("error", reject);
    });
    req.on("error", (error: NodeJS.ErrnoException) => {
      // A kept-alive socket the server closed just as we reused it: send again on a fresh one.
      if (retryStale && req.reusedSocket && error.code === "ECONNRESET") postJson(url, body, false).then(resolve, reject);
      else reject(error);
    });
    req.end(body);
  });
}
