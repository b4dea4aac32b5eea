/** The pack as data: its groups are the checks' sub-rules, and the prose docs quote its real counts. */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { EXPOSURE_GROUPS, EXPOSURE_PACK, exposureSubRules } from "./_exposure-pack.js";
import { MAX_GATED_PROBES, tierPlan } from "./_exposure-probe.js";
import check from "./data-exposure-exposed-paths.js";
import deep from "./data-exposure-exposed-paths-deep.js";

describe("exposure pack data", () => {
  it("every group has paths, and each check lists as sub-rules exactly the groups its tier probes", () => {
    for (const g of EXPOSURE_GROUPS)
      expect(
        EXPOSURE_PACK.some((e) => e.group === g.id),
        g.id,
      ).toBe(true);
    expect(check.meta.subRules).toEqual(exposureSubRules("default"));
    expect(deep.meta.subRules).toEqual(exposureSubRules("deep"));
    for (const [c, tier] of [
      [check, "default"],
      [deep, "deep"],
    ] as const)
      expect(new Set(c.meta.subRules?.map((s) => s.id))).toEqual(
        new Set(EXPOSURE_PACK.filter((e) => e.tier === tier).map((e) => e.group)),
      );
  });

  it("the request caps are the tiers' worst cases, counted from the pack", () => {
    const plan = tierPlan("default");
    expect(plan.gated).toBe(MAX_GATED_PROBES);
    expect(check.meta.maxRequests).toBe(plan.maxRequests);
    expect(deep.meta.maxRequests).toBe(tierPlan("deep").maxRequests);
  });

  it("docs/data-exposure.md quotes the pack's real counts", () => {
    const doc = readFileSync("docs/data-exposure.md", "utf8");
    const [plan, deepPlan] = [tierPlan("default"), tierPlan("deep")];
    for (const quoted of [
      `The pack holds ${EXPOSURE_PACK.length} distinct paths in ${EXPOSURE_GROUPS.length} groups`,
      `| ${plan.maxRequests} `,
      `${plan.root} paths at the root and ${plan.underBase} under the API base, plus at most ${plan.gated} gated children`,
      `| ${deepPlan.maxRequests} `,
      `The deep tier: ${deepPlan.root + deepPlan.underBase} more paths.`,
      `keeps the ${plan.root + plan.underBase} paths most often found exposed and most damaging: ${plan.root} at the root and ${plan.underBase} under the API base`,
      `Children of a found gate add at most ${plan.gated} more; the declared cap is ${plan.maxRequests}.`,
      `The other ${deepPlan.root} paths need \`--exposure-deep\` (cap ${deepPlan.maxRequests})`,
    ])
      expect(doc).toContain(quoted);
  });
});
