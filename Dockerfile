# Rollscope dashboard image. Build from the repository root:
#   docker build -t rollscope .     (or, daemonless: buildah build -t rollscope .)
FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npx next build && npm prune --omit=dev

FROM node:24-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
# See chart/values.yaml nodeOptions: keeps the heap grown while parsing the initial lists from staying resident.
ENV NODE_OPTIONS=--max-semi-space-size=2
# glibc malloc gives back what the list pages' buffers held (bin/rollscope.mjs sets the same for `serve` when absent).
ENV MALLOC_ARENA_MAX=2 MALLOC_MMAP_THRESHOLD_=131072 MALLOC_TRIM_THRESHOLD_=131072
COPY --from=build /app /app
USER 10001
EXPOSE 3000
ENTRYPOINT ["node", "bin/rollscope.mjs"]
CMD ["serve", "--host", "0.0.0.0", "--port", "3000", "--auth", "token"]
