import { type FormEvent, useState } from "react";
import { DataTable, ListStates } from "../components/DataTable";
import { CopyButton, ErrorMessage, Loading, TextField, Time } from "../components/ui";
import { useApi } from "../session";
import { WEBHOOK_EVENTS, type Webhook, type WebhookEvent } from "../types";
import { useAction } from "../useAction";
import { useAsync } from "../useAsync";

export function WebhooksPage() {
  const api = useApi();
  const list = useAsync(() => api.webhooks(), [api]);
  const [url, setUrl] = useState("");
  const [events, setEvents] = useState<ReadonlySet<WebhookEvent>>(new Set(["scan.completed"]));
  const [created, setCreated] = useState<Webhook>();
  const { error, run } = useAction();

  const toggle = (event: WebhookEvent, on: boolean) =>
    setEvents((current) => {
      const next = new Set(current);
      if (on) next.add(event);
      else next.delete(event);
      return next;
    });
  const create = async (e: FormEvent) => {
    e.preventDefault();
    await run(async () => {
      setCreated(await api.createWebhook({ url: url.trim(), events: WEBHOOK_EVENTS.filter((ev) => events.has(ev)) }));
      setUrl("");
    });
    list.reload();
  };
  const remove = (id: string) => run(() => api.deleteWebhook(id)).then(list.reload);

  return (
    <main id="main">
      <h1>Webhooks</h1>
      <form className="card" onSubmit={create}>
        <h2>New webhook</h2>
        <TextField id="webhook-url" label="Endpoint URL" type="url" required value={url} onChange={setUrl} />
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
        <ListStates list={list} what="webhooks" empty="No webhooks.">
          {(items) => (
            <DataTable
              caption="Endpoints told about scans"
              rows={items}
              rowKey={(w) => w.id}
              columns={[
                { label: "URL", cell: (w) => w.url },
                { label: "Events", cell: (w) => w.events.join(", ") },
                { label: "Deliveries", cell: (w) => <DeliveryLog webhook={w} /> },
              ]}
              action={{ text: "Delete", label: (w) => `Delete the webhook to ${w.url}`, run: (w) => remove(w.id) }}
            />
          )}
        </ListStates>
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
