using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [ (name = "main", worker = .sdkWorker) ],
);

const sdkWorker :Workerd.Worker = (
  modules = [ (name = "worker", esModule = embed "../../.runtime/worker.js") ],
  compatibilityDate = "2025-01-01",
);
