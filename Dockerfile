# One image for every process of every step; compose picks the file to run.
#   docker build -t opentracing-demo .
#   docker run --rm opentracing-demo 01-http-simple/tracing/client.ts
FROM node:24-slim
WORKDIR /demo
ENV NODE_ENV=production
COPY package.json package-lock.json ./
# tsx runs TypeScript directly: no build step, the demo code is what runs.
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
# The steps and lib/ (tests, infra and tools are left out by .dockerignore).
COPY . .
USER node
ENTRYPOINT ["node", "--import", "tsx"]
CMD ["01-http-simple/tracing/server.ts"]
