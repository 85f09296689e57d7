# syntax=docker/dockerfile:1.7
# The gateway and the control plane: one recipe, the app chosen at build time.
#   docker build --build-arg APP=gateway .          (or APP=control-plane)
# Build context: the repository root (see docker-compose.yml). The console has its own: apps/console/Dockerfile.
ARG APP

FROM node:20.20.2-bookworm-slim AS deps
ARG APP
ENV PNPM_HOME=/pnpm PATH=/pnpm:$PATH CI=true
RUN npm install -g pnpm@12.21.0
WORKDIR /app
COPY . .
RUN case "$APP" in gateway|control-plane) ;; *) echo "build with --build-arg APP=gateway or APP=control-plane (got '$APP')" >&2; exit 1 ;; esac \
 && pnpm install --frozen-lockfile --filter "@switchyard/$APP..." --filter switchyard \
 && if [ "$APP" = gateway ]; then pnpm --filter @switchyard/gateway build; fi

FROM node:20.20.2-bookworm-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY --from=deps --chown=node:node /app /app
USER node
ENV SWITCHYARD_DATA_DIR=/app/data
RUN mkdir -p /app/data

# What differs per app: port, health check, entry point.
FROM runtime AS gateway
ENV GATEWAY_PORT=8080
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s CMD node -e "fetch('http://127.0.0.1:8080/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# The production build (apps/gateway/scripts/build.ts): one bundled ES module.
CMD ["node", "apps/gateway/dist/gateway.mjs"]

FROM runtime AS control-plane
ENV CONTROL_PLANE_PORT=4000
EXPOSE 4000
HEALTHCHECK --interval=10s --timeout=3s CMD node -e "fetch('http://127.0.0.1:4000/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["node", "--import", "tsx", "apps/control-plane/src/server.ts"]

# The image: the stage named by APP.
FROM ${APP}
