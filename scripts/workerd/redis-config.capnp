# The RedisTracker-over-HTTP Worker (redis-worker.ts). Unlike config.capnp it may reach the network, but only
# loopback addresses: its one outbound service allows "local" and nothing else, so the Worker talks to the
# Upstash stand-in that scripts/runtime-matrix.mjs started on 127.0.0.1, and to nothing beyond this machine.
using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [
    (name = "main", worker = .redisWorker),
    (name = "loopback", network = (allow = ["local"])),
  ],
);

const redisWorker :Workerd.Worker = (
  modules = [ (name = "worker", esModule = embed "../../.runtime/redis-worker.js") ],
  compatibilityDate = "2025-01-01",
  globalOutbound = "loopback",
  bindings = [
    (name = "UPSTASH_URL", fromEnvironment = "UPSTASH_URL"),
    (name = "UPSTASH_TOKEN", fromEnvironment = "UPSTASH_TOKEN"),
  ],
);
