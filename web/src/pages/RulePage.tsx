import { ErrorMessage, Loading, SeverityBadge } from "../components/ui";
import type { Severity } from "../types";
import { useAsync } from "../useAsync";

/** A rule's documentation, from `rules.json` (written next to the app at build time from the check registry). */
export interface RuleDoc {
  id: string;
  title: string;
  category: string;
  severity: Severity;
  owasp: string[];
  cwe: string[];
  description?: string;
  remediation: string;
  references: string[];
}

let rules: Promise<RuleDoc[]> | undefined;

function loadRules(): Promise<RuleDoc[]> {
  rules ??= fetch("rules.json", { credentials: "same-origin" }).then((r) => {
    if (!r.ok) throw new Error(`The rule catalogue is not available (HTTP ${r.status}).`);
    return r.json() as Promise<RuleDoc[]>;
  });
  rules.catch(() => {
    rules = undefined;
  });
  return rules;
}

export function RulePage({ id }: { id: string }) {
  const catalogue = useAsync(loadRules, []);
  const rule = catalogue.data?.find((r) => r.id === id);
  return (
    <main id="main">
      <p className="crumbs">
        <a href="#/">Scans</a> / rules /
      </p>
      <h1>{rule?.title ?? id}</h1>
      <ErrorMessage error={catalogue.error} />
      {!catalogue.data && !catalogue.error && <Loading what="rule" />}
      {catalogue.data && !rule && <p className="error">No rule {id} in this version of Rampart.</p>}
      {rule && (
        <section className="card">
          <p>
            <code>{rule.id}</code> · <SeverityBadge severity={rule.severity} /> · {rule.category} ·{" "}
            {[...rule.owasp, ...rule.cwe].join(", ")}
          </p>
          {rule.description && <p className="prose">{rule.description}</p>}
          <h2>Remediation</h2>
          <p className="prose">{rule.remediation}</p>
          {rule.references.length > 0 && (
            <>
              <h2>References</h2>
              <ul>
                {rule.references.map((ref) => (
                  <li key={ref}>
                    {/* Shown as text: following it is the reader's choice; the page itself loads nothing off-origin. */}
                    <a href={ref} rel="noreferrer noopener" target="_blank">
                      {ref}
                    </a>
                  </li>
                ))}
              </ul>
            </>
          )}
        </section>
      )}
    </main>
  );
}
