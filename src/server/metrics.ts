/** Prometheus metrics of one service process (prom-client, its own registry: no global state). */
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";
import type { Db } from "./db.js";

export type Metrics = ReturnType<typeof createMetrics>;

export function createMetrics(db?: Db) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "rampart_" });
  const httpRequests = new Counter({
    name: "rampart_http_requests_total",
    help: "API requests by route and status",
    labelNames: ["method", "route", "status"] as const,
    registers: [registry],
  });
  const httpSeconds = new Histogram({
    name: "rampart_http_request_duration_seconds",
    help: "API request latency",
    labelNames: ["route"] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  const scansSubmitted = new Counter({
    name: "rampart_scans_submitted_total",
    help: "Scans accepted",
    registers: [registry],
  });
  const scansFinished = new Counter({
    name: "rampart_scans_finished_total",
    help: "Scans finished by this process, by final status",
    labelNames: ["status"] as const,
    registers: [registry],
  });
  const scanSeconds = new Histogram({
    name: "rampart_scan_duration_seconds",
    help: "Wall time of scans run by this process",
    buckets: [0.5, 1, 2, 5, 10, 30, 60, 120, 300, 600],
    registers: [registry],
  });
  if (db)
    new Gauge({
      name: "rampart_scans",
      help: "Scans in the store by status (all tenants)",
      labelNames: ["status"] as const,
      registers: [registry],
      async collect() {
        const rows = await db
          .selectFrom("scans")
          .select(["status", (eb) => eb.fn.countAll<number>().as("n")])
          .groupBy("status")
          .execute();
        this.reset();
        for (const r of rows) this.set({ status: r.status }, Number(r.n));
      },
    });
  return { registry, httpRequests, httpSeconds, scansSubmitted, scansFinished, scanSeconds };
}
