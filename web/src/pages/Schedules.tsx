import { type FormEvent, useState } from "react";
import { DataTable, ListStates } from "../components/DataTable";
import { ErrorMessage, TextField, TierSelect, Time } from "../components/ui";
import { useApi } from "../session";
import type { Tier } from "../types";
import { useAction } from "../useAction";
import { useAsync } from "../useAsync";

export function SchedulesPage() {
  const api = useApi();
  const list = useAsync(() => api.schedules(), [api]);
  const [target, setTarget] = useState("");
  const [cron, setCron] = useState("0 3 * * *");
  const [tier, setTier] = useState<Tier>("quick");
  const action = useAction();
  const { error } = action;

  const create = async (event: FormEvent) => {
    event.preventDefault();
    const created = await action.run(() =>
      api.createSchedule({ target: target.trim(), cron: cron.trim(), options: { llmTier: tier } }),
    );
    if (created) setTarget("");
    list.reload();
  };
  const remove = (id: string) => action.run(() => api.deleteSchedule(id)).then(list.reload);

  return (
    <main id="main">
      <h1>Schedules</h1>
      <form className="card" onSubmit={create}>
        <h2>New schedule</h2>
        <TextField id="schedule-target" label="Target URL" type="url" required value={target} onChange={setTarget} />
        <TextField
          id="schedule-cron"
          label="Cron expression"
          required
          value={cron}
          onChange={setCron}
          hint={
            <>
              Five fields, UTC: minute hour day-of-month month day-of-week. <code>0 3 * * *</code> is daily at 03:00.
            </>
          }
        />
        <TierSelect id="schedule-tier" value={tier} onChange={setTier} />
        <button type="submit" className="primary">
          Add schedule
        </button>
        <ErrorMessage error={error} />
      </form>
      <section className="card" aria-labelledby="schedules-title">
        <h2 id="schedules-title">Scheduled scans</h2>
        <ListStates list={list} what="schedules" empty="No schedules.">
          {(items) => (
            <DataTable
              caption="Each run is compared with the previous scan of its target"
              rows={items}
              rowKey={(s) => s.id}
              columns={[
                { label: "Target", cell: (s) => s.target },
                { label: "Cron", cell: (s) => <code>{s.cron}</code> },
                { label: "Next run", cell: (s) => <Time iso={s.nextRunAt} /> },
              ]}
              action={{ text: "Delete", label: (s) => `Delete the schedule for ${s.target}`, run: (s) => remove(s.id) }}
            />
          )}
        </ListStates>
      </section>
    </main>
  );
}
