import type { Socket } from "node:net";
import type { FastifyInstance } from "fastify";
import fastifyPlugin from "fastify-plugin";

/**
 * On close, end keep-alive connections as soon as they carry no request. Node's own
 * closeIdleConnections skips sockets that connected but never sent a request (HTTP clients
 * pre-open those), which would hold shutdown until the 60 s headers timeout.
 */
async function gracefulClose(app: FastifyInstance): Promise<void> {
  const active = new Map<Socket, number>();
  let closing = false;

  app.server.on("connection", (socket: Socket) => {
    active.set(socket, 0);
    socket.once("close", () => active.delete(socket));
  });
  app.server.on("request", (request, response) => {
    const socket = request.socket;
    active.set(socket, (active.get(socket) ?? 0) + 1);
    response.once("close", () => {
      const remaining = (active.get(socket) ?? 1) - 1;
      active.set(socket, remaining);
      if (closing && remaining === 0) socket.end();
    });
  });

  app.addHook("preClose", async () => {
    closing = true;
    for (const [socket, requests] of active) if (requests === 0) socket.end();
  });
}

export const gracefulClosePlugin = fastifyPlugin(gracefulClose, { name: "switchyard-graceful-close", fastify: "5.x" });
