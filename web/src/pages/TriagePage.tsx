import { useState } from "react";
import { ErrorMessage, Loading, Time } from "../components/ui";
import { href } from "../router";
import { useApi } from "../session";
import { useAsync } from "../useAsync";

const LABELS = { false_positive: "False positive", accepted_risk: "Accepted risk" } as const;

export function TriagePage() {
  const api = useApi();
  const list = useAsync(() => api.triage(), [api]);
  const [error, setError] = useState<Error>();
  const remove = async (fingerprint: string) => {
    setError(undefined);
    try {
      await api.clearTriage(fingerprint);
      list.reload();
    } catch (e) {
      setError(e as Error);
    }
  };
  return (
    <main id="main">
      <h1>Triage</h1>
      <p className="muted">
        Findings marked here stay marked in later scans of any target of this tenant, in baselines and in the gate.
      </p>
      <ErrorMessage error={list.error ?? error} />
      {!list.data && list.loading && <Loading what="triage" />}
      {list.data && list.data.items.length === 0 && <p className="muted">Nothing triaged yet.</p>}
      {list.data && list.data.items.length > 0 && (
        <table>
          <caption>Triaged findings</caption>
          <thead>
            <tr>
              <th scope="col">Rule</th>
              <th scope="col">Status</th>
              <th scope="col">Reason</th>
              <th scope="col">Marked</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {list.data.items.map((item) => (
              <tr key={item.fingerprint}>
                <td>
                  {item.ruleId ? (
                    <a href={href("rules", item.ruleId)}>{item.ruleId}</a>
                  ) : (
                    <code>{item.fingerprint}</code>
                  )}
                </td>
                <td>{LABELS[item.status] ?? item.status}</td>
                <td>{item.reason}</td>
                <td>
                  <Time iso={item.createdAt} />
                </td>
                <td>
                  <button
                    type="button"
                    onClick={() => remove(item.fingerprint)}
                    aria-label={`Remove triage of ${item.ruleId ?? item.fingerprint}`}
                  >
                    Remove
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </main>
  );
}
