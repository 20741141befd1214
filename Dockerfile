# tracecore image: `docker build -t tracecore .`
#
# Three stages. `build` (Node 24 with npm) compiles the TypeScript to dist/; `deps` installs
# production dependencies only; the runtime stage is distroless Node 24: no shell, no package
# manager, no npm, runs as the non-root UID 65532. Nothing in the image is writable by that user, and tracecore writes
# nothing outside mounted volumes, so the container runs with a read-only root filesystem.
#
# Base images are pinned (exact tag, digest). Refresh the digest deliberately, e.g.
# `crane digest gcr.io/distroless/nodejs24-debian12:nonroot`, and re-run the tests.
# test/deploy/dockerfile.test.ts checks this file (no Docker engine runs in CI).

FROM node:24.21.0-bookworm-slim AS build
WORKDIR /app
# Compiles src/ to JavaScript in dist/ (tsc; scripts/build.ts): the image runs no TypeScript, so
# Node skips type stripping at start and the process holds less (docs/performance.md). The full
# dependency set is needed for tsc; no install scripts run.
COPY package.json package-lock.json tsconfig.json tsconfig.build.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY scripts/build.ts ./scripts/
COPY src/ ./src/
RUN node scripts/build.ts

FROM node:24.21.0-bookworm-slim AS deps
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
# Production dependencies only (the `node` devDependency and the toolchain stay out); no install
# scripts run. The runtime image brings Node 24 itself.
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force

FROM gcr.io/distroless/nodejs24-debian12:nonroot@sha256:a58790048b54a9a6680b0ca6eb5b497efcb6225905e30f8e77f2edf76ffaf311
LABEL org.opencontainers.image.title="tracecore" \
      org.opencontainers.image.description="Watches Kubernetes Events and ships them as OpenTelemetry logs" \
      org.opencontainers.image.licenses="Apache-2.0"
WORKDIR /app
ENV NODE_ENV=production
# The V8 settings the Deployment sets too (deploy/kubernetes/base/deployment.yaml, chosen by measurement:
# docs/performance.md, "Footprint"), so `docker run` behaves like the pod.
ENV NODE_OPTIONS="--max-old-space-size=128 --max-semi-space-size=1"
# Owned by root, read-only to the runtime user: the running process cannot alter its own code.
COPY --from=deps /app/package.json /app/package-lock.json ./
COPY --from=deps /app/node_modules ./node_modules/
COPY bin/ ./bin/
COPY --from=build /app/dist ./dist/
USER 65532:65532
# /metrics, /healthz, /readyz (service.telemetry.metrics.address)
EXPOSE 8888
# `tracecore run`: the package bin (bin/tracecore.js) under the image's Node 24, which runs the
# compiled dist/ (the sources are not in the image). Distroless has no /usr/bin/env, so node is named explicitly.
ENTRYPOINT ["/nodejs/bin/node", "/app/bin/tracecore.js", "run"]
CMD ["--config", "/etc/tracecore/config.yaml"]
