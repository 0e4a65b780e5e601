# Images for the platform: `docker build --target source-hibob .` and `--target destination-learners .`.
# A third target, `--target hibob-learners`, is the local runner (emulator and scheduled syncs) that
# docker-compose.yml uses; it is not a connector, so it carries plain OCI labels instead of Airbyte's.
# All run as the non-root user `airbyte` in /airbyte, the way the platform's own connector images do.

FROM node:24-bookworm-slim AS build
WORKDIR /app
# better-sqlite3 compiles when no prebuilt binary matches.
RUN apt-get update \
  && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json tsconfig.json tsconfig.build.json ./
COPY src ./src
# `npm ci` builds dist/ through `prepare`; then only runtime dependencies stay.
RUN npm ci && npm prune --omit=dev

FROM node:24-bookworm-slim AS runtime
ENV TZ=UTC NODE_ENV=production
RUN userdel --remove node \
  && groupadd --gid 1000 airbyte \
  && useradd --uid 1000 --gid airbyte --create-home airbyte \
  && mkdir /airbyte \
  && chown airbyte:airbyte /airbyte
COPY --from=build /app/package.json /app/package.json
COPY --from=build /app/node_modules /app/node_modules
COPY --from=build /app/dist /app/dist
WORKDIR /airbyte
USER airbyte

FROM runtime AS source-hibob
LABEL io.airbyte.name="hibob-learners/source-hibob"
LABEL io.airbyte.version="0.1.0"
ENV AIRBYTE_ENTRYPOINT="node /app/dist/bin/source-hibob.js"
ENTRYPOINT ["node", "/app/dist/bin/source-hibob.js"]

FROM runtime AS destination-learners
LABEL io.airbyte.name="hibob-learners/destination-learners"
LABEL io.airbyte.version="0.1.0"
ENV AIRBYTE_ENTRYPOINT="node /app/dist/bin/destination-learners.js"
ENTRYPOINT ["node", "/app/dist/bin/destination-learners.js"]

FROM runtime AS hibob-learners
LABEL org.opencontainers.image.title="hibob-learners"
LABEL org.opencontainers.image.version="0.1.0"
LABEL org.opencontainers.image.description="Runs the HiBob emulator, or source-hibob into destination-learners on a schedule."
LABEL org.opencontainers.image.licenses="MIT"
# /data is where docker-compose.yml mounts its volume; a new named volume takes this directory's owner.
USER root
RUN mkdir /data && chown airbyte:airbyte /data
USER airbyte
ENTRYPOINT ["node", "/app/dist/bin/hibob-learners.js"]
