import { defineCheck } from "../../engine/check.js";
import { EXPOSURE_PACK, exposureSubRules } from "./_exposure-pack.js";
import { runExposurePack, tierPlan } from "./_exposure-probe.js";

/** Counted from the pack, so the cap and the description follow it. */
const plan = tierPlan("default");

export default defineCheck({
  meta: {
    id: "data-exposure-exposed-paths",
    title: "Sensitive file or endpoint is publicly reachable",
    category: "data-exposure",
    severity: "high",
    confidence: "confirmed",
    owasp: ["API8:2023", "API9:2023"],
    cwe: ["CWE-538", "CWE-200", "CWE-527"],
    phase: "probe",
    // The planned paths (at the root and under the API base) plus at most MAX_GATED_PROBES gated children.
    maxRequests: plan.maxRequests,
    description: `Probes ${plan.root + plan.underBase} high-yield paths (${plan.root} at the root, ${plan.underBase} under the API base; of ${EXPOSURE_PACK.length} in the whole pack) that must never be public (VCS metadata, .env files, dumps and backups, Spring actuator, debug consoles, status pages, metrics, API specs and docs, cloud, CI and AI-agent/MCP config files). Each hit must pass the engine's soft-404 calibration and a content validator; secrets inside raise the severity.`,
    remediation:
      "Serve only the build output: deny dotfiles and backup extensions at the web server or proxy, keep configuration and dumps outside the web root, put management endpoints (actuator, metrics, status, debug) on an internal port or behind authentication, and rotate any credential that was reachable.",
    references: [
      "https://owasp.org/API-Security/editions/2023/en/0xa8-security-misconfiguration/",
      "https://cwe.mitre.org/data/definitions/538.html",
    ],
    // Each finding names its pack group (`vcs`, `env`, ...) as its sub-rule.
    subRules: exposureSubRules("default"),
  },
  async run(ctx) {
    await runExposurePack(ctx, "default");
  },
});
