import { DataTable, ListStates } from "../components/DataTable";
import { ErrorMessage, Time } from "../components/ui";
import { href } from "../router";
import { useApi } from "../session";
import { useAction } from "../useAction";
import { useAsync } from "../useAsync";

const LABELS = { false_positive: "False positive", accepted_risk: "Accepted risk" } as const;

export function TriagePage() {
  const api = useApi();
  const list = useAsync(() => api.triage(), [api]);
  const { error, run } = useAction();
  const remove = (fingerprint: string) => run(() => api.clearTriage(fingerprint)).then(list.reload);
  return (
    <main id="main">
      <h1>Triage</h1>
      <p className="muted">
        Findings marked here stay marked in later scans of any target of this tenant, in baselines and in the gate.
      </p>
      <ErrorMessage error={error} />
      <ListStates list={list} what="triage" empty="Nothing triaged yet.">
        {(items) => (
          <DataTable
            caption="Triaged findings"
            rows={items}
            rowKey={(item) => item.fingerprint}
            columns={[
              {
                label: "Rule",
                cell: (item) =>
                  item.ruleId ? (
                    <a href={href("rules", item.ruleId)}>{item.ruleId}</a>
                  ) : (
                    <code>{item.fingerprint}</code>
                  ),
              },
              { label: "Status", cell: (item) => LABELS[item.status] ?? item.status },
              { label: "Reason", cell: (item) => item.reason },
              { label: "Marked", cell: (item) => <Time iso={item.createdAt} /> },
            ]}
            action={{
              text: "Remove",
              label: (item) => `Remove triage of ${item.ruleId ?? item.fingerprint}`,
              run: (item) => remove(item.fingerprint),
            }}
          />
        )}
      </ListStates>
    </main>
  );
}
