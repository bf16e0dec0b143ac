#!/usr/bin/env bash
# Runs the built package's smoke test (a full sign-in through the ESM and CJS builds) on every runtime we
# claim: Node, Bun and Deno. Bun and Deno come from the npm registry on first use, so this is kept out of the
# default `npm ci` and CI's fast path: run it by hand or in a scheduled job (`npm run test:runtimes`).
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f dist/index.js ] || npm run build

echo "== node $(node --version)"
node scripts/smoke-dist.mjs
echo "== bun"
npx -y bun@1.4.5 scripts/smoke-dist.mjs
echo "== deno"
npx -y deno@2.9.6 run --node-modules-dir=manual --allow-read --allow-env --allow-sys scripts/smoke-dist.mjs
echo "== workerd (Cloudflare Workers runtime, no nodejs_compat)"
mkdir -p .runtime
npx --no-install esbuild scripts/workerd/worker.ts --bundle --format=esm --platform=neutral \
  --main-fields=module,main --outfile=.runtime/worker.js --log-level=warning
npx -y workerd@1.20261117.1 test scripts/workerd/config.capnp
