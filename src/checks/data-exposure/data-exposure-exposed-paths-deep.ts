import { defineCheck } from "../../engine/check.js";
import { exposureSubRules } from "./_exposure-pack.js";
import { runExposurePack, tierPlan } from "./_exposure-probe.js";

/** Counted from the pack, so the cap and the description follow it. */
const plan = tierPlan("deep");

export default defineCheck({
  meta: {
    id: "data-exposure-exposed-paths-deep",
    title: "Sensitive file or endpoint is publicly reachable (deep pack)",
    category: "data-exposure",
    severity: "high",
    confidence: "confirmed",
    owasp: ["API8:2023", "API9:2023"],
    cwe: ["CWE-538", "CWE-200", "CWE-527"],
    phase: "probe",
    // The deep tier's paths, all at the root and none gated (plus gated children, should any be added).
    maxRequests: plan.maxRequests,
    description: `The rest of the exposure pack (${plan.root + plan.underBase} more paths: .env variants, backups, logs, Spring Boot 1.x endpoints, IDE, CI and agent files), with the same soft-404 calibration and content validators. Off by default to keep a scan's request count modest.`,
    remediation:
      "Serve only the build output: deny dotfiles and backup extensions at the web server or proxy, keep configuration, logs and dumps outside the web root, and rotate any credential that was reachable.",
    references: ["https://owasp.org/API-Security/editions/2023/en/0xa8-security-misconfiguration/"],
    optIn: "exposure-deep",
    // Each finding names its pack group (`vcs`, `env`, ...) as its sub-rule.
    subRules: exposureSubRules("deep"),
  },
  async run(ctx) {
    await runExposurePack(ctx, "deep");
  },
});
