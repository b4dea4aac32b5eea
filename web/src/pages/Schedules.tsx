import { type FormEvent, useState } from "react";
import { ErrorMessage, Loading, Time } from "../components/ui";
import { useApi } from "../session";
import { TIERS, type Tier } from "../types";
import { useAsync } from "../useAsync";

export function SchedulesPage() {
  const api = useApi();
  const list = useAsync(() => api.schedules(), [api]);
  const [target, setTarget] = useState("");
  const [cron, setCron] = useState("0 3 * * *");
  const [tier, setTier] = useState<Tier>("quick");
  const [error, setError] = useState<Error>();

  const create = async (event: FormEvent) => {
    event.preventDefault();
    setError(undefined);
    try {
      await api.createSchedule({ target: target.trim(), cron: cron.trim(), options: { llmTier: tier } });
      setTarget("");
      list.reload();
    } catch (e) {
      setError(e as Error);
    }
  };
  const remove = async (id: string) => {
    setError(undefined);
    try {
      await api.deleteSchedule(id);
      list.reload();
    } catch (e) {
      setError(e as Error);
    }
  };

  return (
    <main id="main">
      <h1>Schedules</h1>
      <form className="card" onSubmit={create}>
        <h2>New schedule</h2>
        <div className="field">
          <label htmlFor="schedule-target">Target URL</label>
          <input id="schedule-target" type="url" required value={target} onChange={(e) => setTarget(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="schedule-cron">Cron expression</label>
          <input
            id="schedule-cron"
            required
            value={cron}
            onChange={(e) => setCron(e.target.value)}
            aria-describedby="cron-hint"
          />
          <p id="cron-hint" className="hint">
            Five fields, UTC: minute hour day-of-month month day-of-week. <code>0 3 * * *</code> is daily at 03:00.
          </p>
        </div>
        <div className="field">
          <label htmlFor="schedule-tier">LLM tier</label>
          <select id="schedule-tier" value={tier} onChange={(e) => setTier(e.target.value as Tier)}>
            {TIERS.map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="primary">
          Add schedule
        </button>
        <ErrorMessage error={error} />
      </form>
      <section className="card" aria-labelledby="schedules-title">
        <h2 id="schedules-title">Scheduled scans</h2>
        <ErrorMessage error={list.error} />
        {!list.data && list.loading && <Loading what="schedules" />}
        {list.data && list.data.items.length === 0 && <p className="muted">No schedules.</p>}
        {list.data && list.data.items.length > 0 && (
          <table>
            <caption>Each run is compared with the previous scan of its target</caption>
            <thead>
              <tr>
                <th scope="col">Target</th>
                <th scope="col">Cron</th>
                <th scope="col">Next run</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.data.items.map((s) => (
                <tr key={s.id}>
                  <td>{s.target}</td>
                  <td>
                    <code>{s.cron}</code>
                  </td>
                  <td>
                    <Time iso={s.nextRunAt} />
                  </td>
                  <td>
                    <button
                      type="button"
                      onClick={() => remove(s.id)}
                      aria-label={`Delete the schedule for ${s.target}`}
                    >
                      Delete
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </main>
  );
}
