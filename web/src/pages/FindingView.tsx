import { type FormEvent, useEffect, useState } from "react";
import { categoryLabel } from "../components/CategoryBars";
import { TriageTag } from "../components/FindingsTable";
import { CopyButton, ErrorMessage, Loading, SeverityBadge } from "../components/ui";
import { loadReport } from "../reports";
import { href } from "../router";
import { useApi } from "../session";
import { useTriage } from "../triage";
import type { Finding, TriageMark, TriageStatus } from "../types";
import { useAction } from "../useAction";
import { useAsync } from "../useAsync";

function Headers({ headers, title }: { headers?: Record<string, string>; title: string }) {
  const entries = Object.entries(headers ?? {});
  if (entries.length === 0) return null;
  return (
    <>
      <dt>{title}</dt>
      <dd>
        <pre className="code">{entries.map(([name, value]) => `${name}: ${value}`).join("\n")}</pre>
      </dd>
    </>
  );
}

export function FindingPage({ id, fingerprint }: { id: string; fingerprint: string }) {
  const api = useApi();
  const report = useAsync(() => loadReport(api, id), [api, id]);
  const triage = useTriage(api, report.data);
  const finding = report.data?.findings.find((f) => f.fingerprint === fingerprint);

  return (
    <main id="main">
      <p className="crumbs">
        <a href="#/">Scans</a> / <a href={href("scans", id)}>{report.data?.target ?? "Scan"}</a> /
      </p>
      <ErrorMessage error={report.error} />
      {!report.data && !report.error && <Loading what="finding" />}
      {report.data && !finding && <p className="error">This scan has no finding {fingerprint}.</p>}
      {finding && (
        <>
          <h1>{finding.title}</h1>
          <p className="finding-meta">
            <SeverityBadge severity={finding.severity} /> <span className="tag">{finding.confidence}</span>{" "}
            <span>{categoryLabel(finding.category)}</span> ·{" "}
            <code>{finding.subRule ? `${finding.ruleId}/${finding.subRule}` : finding.ruleId}</code> ·{" "}
            {[...finding.owasp, ...finding.cwe].join(", ")}
            {triage.marks[fingerprint] && <TriageTag mark={triage.marks[fingerprint]} />}
          </p>
          <section className="card" aria-labelledby="message-title">
            <h2 id="message-title">What was found</h2>
            <p>
              <code>
                {finding.operation.method} {finding.operation.path}
              </code>
            </p>
            <p>{finding.message}</p>
          </section>
          <EvidenceSection finding={finding} />
          <section className="card" aria-labelledby="fix-title">
            <h2 id="fix-title">Remediation</h2>
            <p className="prose">{finding.remediation}</p>
            <p>
              <a href={href("rules", finding.ruleId)}>Rule documentation for {finding.ruleId}</a>
            </p>
          </section>
          <TriageForm
            finding={finding}
            mark={triage.marks[fingerprint]}
            onChange={triage.reload}
            loadError={triage.error}
          />
        </>
      )}
    </main>
  );
}

function EvidenceSection({ finding }: { finding: Finding }) {
  const { evidence } = finding;
  return (
    <section className="card" aria-labelledby="evidence-title">
      <h2 id="evidence-title">Evidence</h2>
      <dl className="evidence">
        <dt>Request</dt>
        <dd>
          <pre className="code">{evidence.request}</pre>
        </dd>
        <Headers headers={evidence.requestHeaders} title="Request headers" />
        {evidence.status !== undefined && (
          <>
            <dt>Response status</dt>
            <dd>{evidence.status}</dd>
          </>
        )}
        <Headers headers={evidence.responseHeaders} title="Response headers" />
        {evidence.excerpt && (
          <>
            <dt>Response excerpt (redacted)</dt>
            <dd>
              <pre className="code excerpt">{evidence.excerpt}</pre>
            </dd>
          </>
        )}
        {evidence.detail && (
          <>
            <dt>Detail</dt>
            <dd>{evidence.detail}</dd>
          </>
        )}
      </dl>
      <h3 id="curl-title">Reproduce</h3>
      <pre className="code curl">
        <code>{finding.reproduce}</code>
      </pre>
      <CopyButton text={finding.reproduce} label="Copy the curl command" />
    </section>
  );
}

const STATUSES: { value: TriageStatus; label: string }[] = [
  { value: "false_positive", label: "False positive" },
  { value: "accepted_risk", label: "Accepted risk" },
];

function TriageForm({
  finding,
  mark,
  onChange,
  loadError,
}: {
  finding: Finding;
  mark?: TriageMark;
  onChange: () => void;
  loadError?: Error;
}) {
  const api = useApi();
  const [status, setStatus] = useState<TriageStatus>(mark?.status ?? "false_positive");
  const [reason, setReason] = useState(mark?.reason ?? "");
  const { error, run } = useAction();
  const [saved, setSaved] = useState("");

  useEffect(() => {
    setStatus(mark?.status ?? "false_positive");
    setReason(mark?.reason ?? "");
  }, [mark?.status, mark?.reason]);

  const save = async (event: FormEvent) => {
    event.preventDefault();
    setSaved("");
    if (await run(() => api.setTriage(finding, status, reason.trim())))
      setSaved("Triage saved; it applies to this finding in later scans too.");
    onChange();
  };
  const clear = async () => {
    setSaved("");
    if (await run(() => api.clearTriage(finding.fingerprint))) setSaved("Triage removed.");
    onChange();
  };

  return (
    <form className="card" onSubmit={save} aria-labelledby="triage-title">
      <h2 id="triage-title">Triage</h2>
      <ErrorMessage error={loadError} />
      <fieldset className="radios">
        <legend>Mark this finding as</legend>
        {STATUSES.map((s) => (
          <label key={s.value}>
            <input
              type="radio"
              name="triage-status"
              value={s.value}
              checked={status === s.value}
              onChange={() => setStatus(s.value)}
            />{" "}
            {s.label}
          </label>
        ))}
      </fieldset>
      <div className="field">
        <label htmlFor="triage-reason">Reason</label>
        <textarea id="triage-reason" required rows={3} value={reason} onChange={(e) => setReason(e.target.value)} />
      </div>
      <div className="actions">
        <button type="submit" className="primary">
          Save triage
        </button>
        {mark && (
          <button type="button" onClick={clear}>
            Remove triage
          </button>
        )}
      </div>
      <p role="status" className="muted">
        {saved}
      </p>
      <ErrorMessage error={error} />
    </form>
  );
}
