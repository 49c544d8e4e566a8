# syntax=docker/dockerfile:1
# PolkaMesh backend image: `docker build -t polkamesh-backend .`
#   docker run --rm -p 3000:3000 -v polkamesh-data:/app/data polkamesh-backend
# With no RPC_URL the service starts its bundled devnet inside the container (offline), like
# `npm start`; set RPC_URL (and START_BLOCK, WORKER_SEED, …) to follow a real chain.

ARG NODE_IMAGE=node:20-bookworm-slim

# --- toolchain: compilers for better-sqlite3 when no prebuilt binary fits -------------------------
FROM ${NODE_IMAGE} AS toolchain
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
# Install scripts run only where package.json's allowScripts says so (better-sqlite3). npm 10 in
# this image ignores allowScripts, hence --ignore-scripts plus an explicit rebuild. onnxruntime-node
# ships its CPU binaries in the package (bin/napi-v6/linux/<arch>); its install script would only
# fetch optional GPU ones.
ENV ONNXRUNTIME_NODE_INSTALL=skip

# --- build: all dependencies, then tsc -> dist/ ------------------------------------------------------
FROM toolchain AS build
RUN npm ci --ignore-scripts --no-audit --no-fund \
 && npm rebuild better-sqlite3
COPY tsconfig.json tsconfig.build.json ./
COPY abis ./abis
COPY src ./src
COPY devnet ./devnet
COPY cli ./cli
COPY web ./web
COPY scripts/build-dashboard.ts ./scripts/build-dashboard.ts
RUN npm run build

# --- production dependencies only ------------------------------------------------------------------
FROM toolchain AS prod-deps
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund \
 && npm rebuild better-sqlite3 \
 && npm cache clean --force

# --- runtime -----------------------------------------------------------------------------------------
FROM ${NODE_IMAGE} AS runtime
# tini as PID 1: forwards SIGTERM to node (graceful drain) and reaps executor sandbox children
RUN apt-get update \
 && apt-get install -y --no-install-recommends tini \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=prod-deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
# Fail the build, not the first job, when a native module is missing or does not load.
RUN node -e "new (require('better-sqlite3'))(':memory:').close(); require('onnxruntime-node');" \
 && mkdir -p /app/data \
 && chown node:node /app/data
# The service listens on 127.0.0.1 by default; in a container it must listen on every interface.
ENV HOST=0.0.0.0 \
    PORT=3000
USER node
# SQLite file, devnet state and content store (the defaults under ./data)
VOLUME ["/app/data"]
EXPOSE 3000
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + process.env.PORT + '/health', { signal: AbortSignal.timeout(4000) }).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["node", "dist/cli/main.js", "start"]
