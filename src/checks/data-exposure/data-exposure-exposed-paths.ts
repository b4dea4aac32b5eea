import { defineCheck } from "../../engine/check.js";
import { runExposurePack } from "./_exposure-probe.js";

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
    // 40 planned paths (34 at the root, 6 under the API base) plus at most 16 gated children.
    maxRequests: 56,
    description:
      "Probes 40 high-yield paths (34 at the root, 6 under the API base; of 229 in the whole pack) that must never be public (VCS metadata, .env files, dumps and backups, Spring actuator, debug consoles, status pages, metrics, API specs and docs, cloud, CI and AI-agent/MCP config files). Each hit must pass the engine's soft-404 calibration and a content validator; secrets inside raise the severity.",
    remediation:
      "Serve only the build output: deny dotfiles and backup extensions at the web server or proxy, keep configuration and dumps outside the web root, put management endpoints (actuator, metrics, status, debug) on an internal port or behind authentication, and rotate any credential that was reachable.",
    references: [
      "https://owasp.org/API-Security/editions/2023/en/0xa8-security-misconfiguration/",
      "https://cwe.mitre.org/data/definitions/538.html",
    ],
  },
  async run(ctx) {
    await runExposurePack(ctx, "default");
  },
});
