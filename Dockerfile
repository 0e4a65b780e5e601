# Images for the platform: `docker build --target source-hibob .` and `--target destination-learners .`.
# A third target, `--target hibob-learners`, is the local runner (emulator and scheduled syncs) that
# docker-compose.yml uses; it is not a connector, so it carries plain OCI labels instead of Airbyte's.
# All run as the non-root user `airbyte` in /airbyte, the way the platform's own connector images do.
# The connector images hold no emulator; the runner's adds the HiBob emulator package for `demo` and `emulate`.
# The learning-platform emulators (packages/lms-emulators, packages/emulator-kit) and scimmy are for tests only:
# no stage copies them (test/image-contents.test.ts checks this file and the lockfile for it).

FROM node:24-bookworm-slim AS toolchain
# better-sqlite3 compiles when no prebuilt binary matches.
RUN apt-get update \
  && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/*
WORKDIR /app

# Compiles the connectors and the runner into dist/, and the HiBob emulator into its own dist/.
FROM toolchain AS build
COPY package.json package-lock.json tsconfig.json tsconfig.build.json ./
COPY packages/hibob-emulator ./packages/hibob-emulator
COPY src ./src
RUN npm ci --ignore-scripts --workspace=@hibob-learners/hibob-emulator --include-workspace-root \
  && npm run build --workspace=@hibob-learners/hibob-emulator \
  && npx tsc -p tsconfig.build.json

# The runtime dependencies of the root and of the HiBob emulator, and nothing else. The emulator's own workspace
# link is dropped: the runner's image puts the built package in its place.
FROM toolchain AS dependencies
COPY package.json package-lock.json ./
COPY packages/hibob-emulator/package.json ./packages/hibob-emulator/package.json
RUN npm ci --omit=dev --ignore-scripts --workspace=@hibob-learners/hibob-emulator --include-workspace-root \
  && npm rebuild better-sqlite3 \
  && rm node_modules/@hibob-learners/hibob-emulator

FROM node:24-bookworm-slim AS runtime
ENV TZ=UTC NODE_ENV=production
RUN userdel --remove node \
  && groupadd --gid 1000 airbyte \
  && useradd --uid 1000 --gid airbyte --create-home airbyte \
  && mkdir /airbyte \
  && chown airbyte:airbyte /airbyte
COPY --from=build /app/package.json /app/package.json
COPY --from=dependencies /app/node_modules /app/node_modules
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
# The HiBob emulator, loaded only by `demo` and `emulate`; it has no dependencies of its own.
COPY --from=build /app/packages/hibob-emulator/package.json /app/node_modules/@hibob-learners/hibob-emulator/package.json
COPY --from=build /app/packages/hibob-emulator/dist /app/node_modules/@hibob-learners/hibob-emulator/dist
ENTRYPOINT ["node", "/app/dist/bin/hibob-learners.js"]
