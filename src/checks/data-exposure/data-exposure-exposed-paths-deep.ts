import { defineCheck } from "../../engine/check.js";
import { runExposurePack } from "./_exposure-probe.js";

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
    // 175 further root paths; no gates.
    maxRequests: 175,
    description:
      "The rest of the exposure pack (175 more paths: .env variants, backups, logs, Spring Boot 1.x endpoints, IDE, CI and agent files), with the same soft-404 calibration and content validators. Off by default to keep a scan's request count modest.",
    remediation:
      "Serve only the build output: deny dotfiles and backup extensions at the web server or proxy, keep configuration, logs and dumps outside the web root, and rotate any credential that was reachable.",
    references: ["https://owasp.org/API-Security/editions/2023/en/0xa8-security-misconfiguration/"],
    optIn: "exposure-deep",
  },
  async run(ctx) {
    await runExposurePack(ctx, "deep");
  },
});
