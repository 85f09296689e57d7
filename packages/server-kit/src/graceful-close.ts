import type { Server } from "node:http";
import type { Socket } from "node:net";
import type { FastifyInstance } from "fastify";
import fastifyPlugin from "fastify-plugin";

export interface ConnectionTracker {
  /** Open connections tracked (for tests: closed ones must not stay). */
  readonly size: number;
  /** From now on end every connection as soon as it carries no request; ends the idle ones now. */
  closing(): void;
}

/**
 * Requests in progress per open connection of `server`. A connection is forgotten when it closes;
 * the response of a request whose client left closes after its socket did and must not bring the
 * socket back (that kept every such socket, and what it held, alive for good: ~25 KB per stream a
 * client left).
 */
export function trackConnections(server: Server): ConnectionTracker {
  const active = new Map<Socket, number>();
  let closing = false;

  server.on("connection", (socket: Socket) => {
    active.set(socket, 0);
    socket.once("close", () => active.delete(socket));
  });
  server.on("request", (request, response) => {
    const socket = request.socket;
    active.set(socket, (active.get(socket) ?? 0) + 1);
    response.once("close", () => {
      const current = active.get(socket);
      if (current === undefined) return;
      const remaining = current - 1;
      active.set(socket, remaining);
      if (closing && remaining === 0) socket.end();
    });
  });

  return {
    get size() {
      return active.size;
    },
    closing() {
      closing = true;
      for (const [socket, requests] of active) if (requests === 0) socket.end();
    },
  };
}

/**
 * On close, end keep-alive connections as soon as they carry no request. Node's own
 * closeIdleConnections skips sockets that connected but never sent a request (HTTP clients
 * pre-open those), which would hold shutdown until the 60 s headers timeout.
 */
async function gracefulClose(app: FastifyInstance): Promise<void> {
  const connections = trackConnections(app.server);
  app.addHook("preClose", async () => {
    connections.closing();
  });
}

export const gracefulClosePlugin = fastifyPlugin(gracefulClose, { name: "switchyard-graceful-close", fastify: "5.x" });
