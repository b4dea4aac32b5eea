import { describe, expect, it } from "vitest";
import { facets, filterFindings, groupFindings, NO_FILTER, sortGroups } from "../src/findings";
import { finding } from "./fixtures";

const findings = [
  finding({ ruleId: "cors-wildcard", severity: "low", category: "encryption" }),
  finding({ ruleId: "bola-id-swap", severity: "high", category: "bola", path: "/a/{id}" }),
  finding({ ruleId: "bola-id-swap", severity: "critical", category: "bola", path: "/b/{id}" }),
  finding({ ruleId: "secret-in-body", severity: "medium", category: "data-exposure" }),
];

describe("findings table model", () => {
  it("groups instances by rule and takes the worst severity of the group", () => {
    const groups = groupFindings(findings);
    expect(groups.map((g) => [g.ruleId, g.severity, g.instances.length])).toEqual([
      ["cors-wildcard", "low", 1],
      ["bola-id-swap", "critical", 2],
      ["secret-in-body", "medium", 1],
    ]);
  });

  it("sorts worst first by default and reverses on request", () => {
    const groups = groupFindings(findings);
    expect(sortGroups(groups, { key: "severity", descending: false }).map((g) => g.ruleId)).toEqual([
      "bola-id-swap",
      "secret-in-body",
      "cors-wildcard",
    ]);
    expect(sortGroups(groups, { key: "severity", descending: true }).map((g) => g.ruleId)).toEqual([
      "cors-wildcard",
      "secret-in-body",
      "bola-id-swap",
    ]);
    expect(sortGroups(groups, { key: "category", descending: false }).map((g) => g.category)).toEqual([
      "bola",
      "data-exposure",
      "encryption",
    ]);
  });

  it("filters by severity, category, rule and triage", () => {
    expect(filterFindings(findings, { ...NO_FILTER, severity: "critical" }).map((f) => f.operation.path)).toEqual([
      "/b/{id}",
    ]);
    expect(filterFindings(findings, { ...NO_FILTER, category: "bola" })).toHaveLength(2);
    expect(filterFindings(findings, { ...NO_FILTER, rule: "cors-wildcard" })).toHaveLength(1);
    const triage = { "cors-wildcard:/items": { status: "accepted_risk" as const, reason: "internal only" } };
    expect(filterFindings(findings, { ...NO_FILTER, showTriaged: false }, triage).map((f) => f.ruleId)).not.toContain(
      "cors-wildcard",
    );
  });

  it("lists the filter choices sorted and distinct", () => {
    expect(facets(findings)).toEqual({
      categories: ["bola", "data-exposure", "encryption"],
      rules: ["bola-id-swap", "cors-wildcard", "secret-in-body"],
    });
  });
});
