import { type FormEvent, useState } from "react";
import { DataTable, ListStates } from "../components/DataTable";
import { CopyButton, ErrorMessage, TextField } from "../components/ui";
import { useApi } from "../session";
import { useAction } from "../useAction";
import { useAsync } from "../useAsync";

/**
 * Public targets are scanned only once the tenant proves it controls them: the service checks
 * for the token at /.well-known/rampart-verification.txt or in a DNS TXT record.
 */
export function DomainsPage() {
  const api = useApi();
  const list = useAsync(() => api.domains(), [api]);
  const [host, setHost] = useState("");
  const [verified, setVerified] = useState("");
  const { error, run } = useAction();

  const add = async (event: FormEvent) => {
    event.preventDefault();
    if (await run(() => api.addDomain(host.trim()))) setHost("");
    list.reload();
  };
  const verify = async (name: string) => {
    setVerified("");
    await run(async () => {
      const result = await api.verifyDomain(name);
      setVerified(`${result.host} is verified (${result.method}).`);
    });
    list.reload();
  };

  return (
    <main id="main">
      <h1>Domains</h1>
      <p className="muted">
        A public target needs a verified domain before it can be scanned. Publish the domain's token at{" "}
        <code>https://HOST/.well-known/rampart-verification.txt</code> or as a DNS TXT record of the host, then press
        Verify.
      </p>
      <form className="card" onSubmit={add}>
        <h2>Add a domain</h2>
        <TextField
          id="domain-host"
          label="Host name"
          required
          placeholder="api.example.com"
          value={host}
          onChange={setHost}
        />
        <button type="submit" className="primary">
          Add domain
        </button>
      </form>
      <ErrorMessage error={error} />
      <p role="status">{verified}</p>
      <section className="card" aria-labelledby="domains-title">
        <h2 id="domains-title">Domains of this tenant</h2>
        <ListStates list={list} what="domains" empty="No domains yet.">
          {(items) => (
            <DataTable
              caption="Hosts and their verification tokens"
              rows={items}
              rowKey={(d) => d.host}
              columns={[
                { label: "Host", cell: (d) => d.host },
                { label: "Status", cell: (d) => (d.verified ? "verified" : "not verified") },
                {
                  label: "Token",
                  cell: (d) => (
                    <>
                      <code>{d.token}</code> <CopyButton text={d.token} label={`Copy the token of ${d.host}`} />
                    </>
                  ),
                },
              ]}
              action={{ text: "Verify", label: (d) => `Verify ${d.host}`, run: (d) => void verify(d.host) }}
            />
          )}
        </ListStates>
      </section>
    </main>
  );
}
