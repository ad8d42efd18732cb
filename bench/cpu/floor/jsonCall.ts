// The floor's whole vendor transport: node:http over a keep-alive agent, the body read as one
// string and handed to JSON.parse. No timeout, retry or error mapping: the floor is what the
// vendor calls cost at the least, not a gateway one could run.
import { request, type Agent } from "node:http";

export function jsonCall(agent: Agent, url: string, method: "GET" | "POST", headers: Record<string, string>, body?: unknown): Promise<unknown> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  const sent = payload === undefined ? headers : { ...headers, "content-type": "application/json", "content-length": String(Buffer.byteLength(payload)) };
  return new Promise((resolve, reject) => {
    const req = request(url, { method, agent, headers: sent }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (text += chunk));
      res.on("end", () => {
        try {
          resolve(JSON.parse(text));
        } catch (error) {
          reject(error as Error);
        }
      });
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end(payload);
  });
}
