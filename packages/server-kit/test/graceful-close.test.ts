import { createServer, request } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { trackConnections } from "../src/graceful-close";

describe("trackConnections", () => {
  it("forgets a connection whose client left in the middle of a response", async () => {
    const server = createServer((_request, response) => {
      // A stream that never ends on its own, like an LLM answer the user stopped.
      response.writeHead(200, { "content-type": "text/event-stream" });
      response.write("data: first\n\n");
    });
    const connections = trackConnections(server);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    try {
      await new Promise<void>((resolve, reject) => {
        const outgoing = request({ port, host: "127.0.0.1", method: "GET", path: "/" }, (incoming) => {
          incoming.once("data", () => {
            expect(connections.size).toBe(1);
            outgoing.destroy();
            resolve();
          });
        });
        outgoing.on("error", () => {});
        outgoing.once("error", reject);
        outgoing.end();
      });
      const deadline = Date.now() + 2_000;
      while (connections.size > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
      // The response's 'close' comes after the socket's: it must not put the socket back.
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(connections.size).toBe(0);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
