# PolkaMesh backend image: `docker build -t polkamesh-backend .`
#   docker run --rm -p 127.0.0.1:3000:3000 -v polkamesh-data:/app/data polkamesh-backend
# With no RPC_URL the service starts its bundled devnet inside the container (offline), like
# `npm start`; set RPC_URL (and START_BLOCK, WORKER_SEED, …) to follow a real chain.
#
# The base images are build arguments: NODE_IMAGE for the build stages (Node 20 with npm),
# RUNTIME_IMAGE for the final stage (Node 20; Debian-based, with apt-get). Where Docker Hub cannot
# be reached, scripts/docker/local-base-images.sh builds both from Debian's packages:
#   docker build --build-arg NODE_IMAGE=polkamesh-local/node:20 \
#     --build-arg RUNTIME_IMAGE=polkamesh-local/node:20-runtime -t polkamesh-backend .
# Works with the legacy builder and with BuildKit (no `# syntax` line: nothing is pulled for it).

ARG NODE_IMAGE=node:20-bookworm-slim
ARG RUNTIME_IMAGE=node:20-bookworm-slim

# --- dependencies: all of them; compilers for better-sqlite3 when no prebuilt binary fits --------
FROM ${NODE_IMAGE} AS deps
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
# Install scripts run only where package.json's allowScripts says so (better-sqlite3), which older
# npm versions ignore, hence --ignore-scripts plus an explicit rebuild. onnxruntime-node ships its
# CPU binaries in the package (bin/napi-v6/<os>/<arch>); its install script would only fetch
# optional GPU ones. node-gyp gets the headers of the image's own Node (official image:
# /usr/local/include/node, Debian: /usr/include/node) instead of downloading them.
ENV ONNXRUNTIME_NODE_INSTALL=skip
RUN prefix="$(dirname "$(dirname "$(readlink -f "$(command -v node)")")")" \
 && if [ -f "$prefix/include/node/node_api.h" ]; then export npm_config_nodedir="$prefix"; fi \
 && npm ci --ignore-scripts --no-audit --no-fund \
 && npm rebuild better-sqlite3 \
 && npm cache clean --force

# --- build: SWC -> dist/ ------------------------------------------------------------------------
FROM deps AS build
COPY tsconfig.json tsconfig.build.json ./
COPY abis ./abis
COPY src ./src
COPY devnet ./devnet
COPY cli ./cli
COPY web ./web
COPY scripts/build-service.ts scripts/build-dashboard.ts ./scripts/
RUN npm run build

# --- production dependencies only, without what never runs here --------------------------------
# Dropped: dev dependencies; onnxruntime-node's binaries for other systems and CPUs; better-sqlite3's
# sources and object files (the .node module stays); source maps.
FROM deps AS prod-deps
RUN npm prune --omit=dev --ignore-scripts --no-audit --no-fund \
 && arch="$(node -p process.arch)" \
 && for dir in node_modules/onnxruntime-node/bin/napi-v*/* node_modules/onnxruntime-node/bin/napi-v*/linux/*; do \
      case "$dir" in */linux | */linux/"$arch") ;; *) rm -rf "$dir" ;; esac; \
    done \
 && sqlite=node_modules/better-sqlite3 \
 && mv "$sqlite/build/Release/better_sqlite3.node" /tmp/ \
 && rm -rf "$sqlite/build" "$sqlite/deps" "$sqlite/src" \
 && mkdir -p "$sqlite/build/Release" \
 && mv /tmp/better_sqlite3.node "$sqlite/build/Release/" \
 && find node_modules -name '*.map' -type f -delete

# --- runtime --------------------------------------------------------------------------------------
FROM ${RUNTIME_IMAGE} AS runtime
# tini as PID 1: forwards SIGTERM to node (graceful drain) and reaps executor sandbox children.
# The official image has the non-root `node` user (uid 1000); a plain Debian one gets it here.
RUN apt-get update \
 && apt-get install -y --no-install-recommends tini \
 && rm -rf /var/lib/apt/lists/* \
 && if ! id -u node >/dev/null 2>&1; then \
      useradd --uid 1000 --user-group --create-home --shell /usr/sbin/nologin node; \
    fi
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
