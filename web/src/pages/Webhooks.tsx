import { type FormEvent, useState } from "react";
import { CopyButton, ErrorMessage, Loading, Time } from "../components/ui";
import { useApi } from "../session";
import { WEBHOOK_EVENTS, type Webhook, type WebhookEvent } from "../types";
import { useAsync } from "../useAsync";

export function WebhooksPage() {
  const api = useApi();
  const list = useAsync(() => api.webhooks(), [api]);
  const [url, setUrl] = useState("");
  const [events, setEvents] = useState<ReadonlySet<WebhookEvent>>(new Set(["scan.completed"]));
  const [created, setCreated] = useState<Webhook>();
  const [error, setError] = useState<Error>();

  const toggle = (event: WebhookEvent, on: boolean) =>
    setEvents((current) => {
      const next = new Set(current);
      if (on) next.add(event);
      else next.delete(event);
      return next;
    });
  const create = async (e: FormEvent) => {
    e.preventDefault();
    setError(undefined);
    try {
      const webhook = await api.createWebhook({
        url: url.trim(),
        events: WEBHOOK_EVENTS.filter((ev) => events.has(ev)),
      });
      setCreated(webhook);
      setUrl("");
      list.reload();
    } catch (err) {
      setError(err as Error);
    }
  };
  const remove = async (id: string) => {
    setError(undefined);
    try {
      await api.deleteWebhook(id);
      list.reload();
    } catch (err) {
      setError(err as Error);
    }
  };

  return (
    <main id="main">
      <h1>Webhooks</h1>
      <form className="card" onSubmit={create}>
        <h2>New webhook</h2>
        <div className="field">
          <label htmlFor="webhook-url">Endpoint URL</label>
          <input id="webhook-url" type="url" required value={url} onChange={(e) => setUrl(e.target.value)} />
        </div>
        <fieldset className="radios">
          <legend>Events</legend>
          {WEBHOOK_EVENTS.map((ev) => (
            <label key={ev}>
              <input type="checkbox" checked={events.has(ev)} onChange={(e) => toggle(ev, e.target.checked)} /> {ev}
            </label>
          ))}
        </fieldset>
        <button type="submit" className="primary" disabled={events.size === 0}>
          Add webhook
        </button>
        <ErrorMessage error={error} />
      </form>
      {created?.secret && (
        <section className="card notice" aria-labelledby="secret-title">
          <h2 id="secret-title">Signing secret</h2>
          <p>
            Deliveries to {created.url} are signed the Standard Webhooks way with this secret. It is shown once: store
            it now.
          </p>
          <pre className="code" data-secret>
            {created.secret}
          </pre>
          <CopyButton text={created.secret} label="Copy the signing secret" />
        </section>
      )}
      <section className="card" aria-labelledby="webhooks-title">
        <h2 id="webhooks-title">Webhooks</h2>
        <ErrorMessage error={list.error} />
        {!list.data && list.loading && <Loading what="webhooks" />}
        {list.data && list.data.items.length === 0 && <p className="muted">No webhooks.</p>}
        {list.data && list.data.items.length > 0 && (
          <table>
            <caption>Endpoints told about scans</caption>
            <thead>
              <tr>
                <th scope="col">URL</th>
                <th scope="col">Events</th>
                <th scope="col">Deliveries</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.data.items.map((w) => (
                <tr key={w.id}>
                  <td>{w.url}</td>
                  <td>{w.events.join(", ")}</td>
                  <td>
                    <DeliveryLog webhook={w} />
                  </td>
                  <td>
                    <button type="button" onClick={() => remove(w.id)} aria-label={`Delete the webhook to ${w.url}`}>
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

/** The webhook's recent deliveries, loaded when opened. */
function DeliveryLog({ webhook }: { webhook: Webhook }) {
  const api = useApi();
  const [open, setOpen] = useState(false);
  const log = useAsync(() => (open ? api.deliveries(webhook.id) : Promise.resolve(undefined)), [api, webhook.id, open]);
  return (
    <details onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>
        Delivery log<span className="visually-hidden"> of {webhook.url}</span>
      </summary>
      <ErrorMessage error={log.error} />
      {open && !log.data && !log.error && <Loading what="deliveries" />}
      {log.data && log.data.items.length === 0 && <p className="muted">No deliveries yet.</p>}
      {log.data && log.data.items.length > 0 && (
        <ul className="instances">
          {log.data.items.map((d) => (
            <li key={d.id}>
              <Time iso={d.createdAt} /> {d.event}: <strong>{d.status}</strong>
              {d.lastStatus ? ` (HTTP ${d.lastStatus})` : ""} · {d.attempts} attempt{d.attempts === 1 ? "" : "s"}
              {d.lastError && <span className="muted"> · {d.lastError}</span>}
            </li>
          ))}
        </ul>
      )}
    </details>
  );
}
