/**
 * Secrets and PII in what the model said, minus anything that was in our own request (an echo
 * is not a leak). Uses the shared detectors in src/detect (secrets, pii).
 */
import { detectPii, type PiiMatch } from "../detect/pii/index.js";
import { detectSecrets, distinctSecrets, type SecretMatch } from "../detect/secrets/index.js";
import { readableForms } from "./text.js";

export interface SensitiveOutput {
  secrets: SecretMatch[];
  pii: PiiMatch[];
}

const compact = (v: string) => v.replace(/[\s().-]/g, "").toLowerCase();

export function sensitiveInOutput(reply: string, sent: readonly string[]): SensitiveOutput {
  const forms = readableForms(reply);
  const secrets = distinctSecrets(forms.flatMap((f) => detectSecrets(f, { sent })));
  const sentCompact = sent.map(compact);
  const seen = new Set<string>();
  const pii = forms
    .flatMap((f) => detectPii(f))
    .filter((m) => !sentCompact.some((s) => s.includes(compact(m.value))))
    .filter((m) => {
      if (seen.has(m.value)) return false;
      seen.add(m.value);
      return true;
    });
  return { secrets, pii };
}

export function describeSensitive(found: SensitiveOutput): string {
  const parts = [
    ...found.secrets.map((s) => `${s.provider} ${s.kind} ${s.masked}`),
    ...found.pii.map((p) => `${p.kind} ${p.masked}`),
  ];
  return parts.slice(0, 6).join(", ") + (parts.length > 6 ? `, and ${parts.length - 6} more` : "");
}
