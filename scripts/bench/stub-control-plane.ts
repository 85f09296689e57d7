import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * Stands in for the control plane's ingest endpoints so the spend pipeline (disk spool, batched
 * POSTs) runs for real during the benchmark: it acknowledges every batch and counts its events.
 */
export interface StubControlPlane {
  readonly url: string;
  readonly token: string;
  events(): number;
  close(): Promise<void>;
}

export async function startStubControlPlane(): Promise<StubControlPlane> {
  const token = "bench-dataplane-token";
  let events = 0;
  const server = createServer((request, response) => {
    const parts: Buffer[] = [];
    request.on("data", (part: Buffer) => parts.push(part));
    request.on("end", () => {
      if (request.headers.authorization !== `Bearer ${token}`) {
        response.writeHead(401).end();
        return;
      }
      if (request.url === "/dataplane/spend") {
        const batch = JSON.parse(Buffer.concat(parts).toString("utf8")) as { events: unknown[] };
        events += batch.events.length;
        response
          .writeHead(200, { "content-type": "application/json" })
          .end(JSON.stringify({ accepted: batch.events.length, duplicates: 0 }));
        return;
      }
      response.writeHead(200, { "content-type": "application/json" }).end('{"ok":true}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    token,
    events: () => events,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
