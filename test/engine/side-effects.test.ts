import { describe, expect, it } from "vitest";
import { startSideEffectApi } from "../../lab/rest/twins.js";
import { CHECKS } from "../../src/checks/index.js";
import { actionInPath, routeKey, sideEffectOf, sideEffectRoutes } from "../../src/engine/side-effects.js";
import type { Operation } from "../../src/engine/target.js";
import { openapiEnricher } from "../../src/openapi/enricher.js";
import { openapiExtension } from "../../src/openapi/extension.js";
import { scanWith } from "../harness.js";
import { useLab } from "../lab-hooks.js";

const op = (path: string, extra: Partial<Operation> = {}): Operation => ({
  method: "GET",
  path,
  parameters: [],
  source: "spec",
  ...extra,
});

describe("side-effect classifier", () => {
  it("flags routes that name an action by path, operationId or leading summary word", () => {
    for (const path of ["/createdb", "/api/v1/reset", "/users/{id}/reset-password", "/sign-out", "/api/cache/flush"])
      expect(actionInPath(path), path).toBeDefined();
    expect(sideEffectOf(op("/api/things", { operationId: "purgeThings" }))).toMatch(/operationId/);
    expect(sideEffectOf(op("/api/db", { summary: "Initialize the database" }))).toMatch(/summary/);
    expect(sideEffectOf(op("/api/jobs", { responseStatuses: ["202"] }))).toMatch(/202/);
    expect(sideEffectOf(op("/api/search", { requestBody: { contentTypes: [], required: false } }))).toMatch(/body/);
  });

  it("does not let a write on the same path (DELETE deleteItem, POST 201) make its GET unrepeatable", () => {
    const ops = [
      op("/api/items"),
      op("/api/items", { method: "POST", operationId: "createItem", responseStatuses: ["201"] }),
      op("/api/items/{id}"),
      op("/api/items/{id}", { method: "DELETE", operationId: "deleteItem", summary: "Delete an item" }),
      op("/api/createdb"),
    ];
    const guard = sideEffectRoutes(ops, "/api/items");
    expect(guard("/api/items/7")).toBeUndefined();
    expect(guard("/api/createdb")).toBeDefined();
  });

  it("leaves listings and items of nouns alone, even nouns that start like verbs", () => {
    for (const path of ["/api/payments", "/api/runs/{id}", "/settings", "/api/exports", "/users/{id}", "/api/products"])
      expect(sideEffectOf(op(path, { responseStatuses: ["200", "404", "default"] })), path).toBeUndefined();
    expect(sideEffectOf(op("/api/users", { summary: "List users who asked to delete their account" }))).toBeUndefined();
  });

  it("keys spellings of one route alike, and exempts the scanned URL", () => {
    expect(routeKey("/CreateDB/")).toBe(routeKey("/createdb"));
    expect(routeKey("/api//x/./y/../createdb%2F")).toBe("/api/x/createdb");
    expect(routeKey("/users/12/delete")).toBe(routeKey("/users/13/delete"));
    const guard = sideEffectRoutes([op("/api/jobs/{name}", { responseStatuses: ["202"] })], "/api/reset");
    expect(guard("/api/jobs/nightly")).toBeDefined();
    expect(guard("/api/reset")).toBeUndefined();
    expect(guard("/api/products/1")).toBeUndefined();
  });
});

describe("a spec listing GET /createdb", () => {
  const lab = useLab(startSideEffectApi);

  it("the full scan calls each state-changing GET at most once and bursts only a read", async () => {
    const report = await scanWith(CHECKS, `${lab.origin}/`, {
      enrichers: [openapiEnricher({ spec: `${lab.origin}/openapi.json` })],
      limits: { budget: 600 },
    });
    expect(lab.resets()).toBeLessThanOrEqual(1);
    expect(lab.calls("/createdb")).toBeLessThanOrEqual(1);
    expect(lab.calls("/api/logout")).toBeLessThanOrEqual(1);
    expect(lab.calls("/api/jobs/nightly")).toBeLessThanOrEqual(1);
    // The empty server URL hangs the spec's paths from the origin root, not from /openapi.json.
    const openapi = openapiExtension.read(report);
    expect(openapi?.operations?.find((o) => o.path === "/api/products")?.status).not.toMatch(/skip/);
    const burst = report.findings.find((f) => f.ruleId === "resource-rate-limit-burst");
    expect(burst?.operation.path).toMatch(/^\/api\/products/);
    expect(report.findings.filter((f) => f.ruleId === "openapi-undocumented-response")).toEqual([]);
  });
});
