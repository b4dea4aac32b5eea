import { type FormEvent, useState } from "react";
import { Api, ApiError } from "../api";

/** Checks the token with one cheap authenticated call before keeping it. */
export function SignIn({ onSignIn, notice }: { onSignIn: (token: string) => void; notice?: string }) {
  const [token, setToken] = useState("");
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const value = token.trim();
    if (!value) {
      setError("Enter an API token.");
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      await new Api(value).scans({ limit: 1 });
      onSignIn(value);
    } catch (e) {
      setError(
        e instanceof ApiError && e.status === 401
          ? "That token was not accepted."
          : `Sign-in failed: ${String((e as Error).message)}`,
      );
    } finally {
      setBusy(false);
    }
  };

  return (
    <main id="main" className="signin">
      <h1>Rampart</h1>
      <p className="muted">Security scans of HTTP APIs and the LLM endpoints behind them.</p>
      {notice && (
        <p className="notice" role="status">
          {notice}
        </p>
      )}
      <form onSubmit={submit} className="card" aria-describedby={error ? "signin-error" : undefined}>
        <label htmlFor="token">API token</label>
        <input
          id="token"
          name="token"
          type="password"
          autoComplete="off"
          spellCheck={false}
          value={token}
          onChange={(e) => setToken(e.target.value)}
          aria-invalid={error ? true : undefined}
        />
        <p className="hint">
          Create one with <code>rampart token create --tenant NAME</code>. It is kept in this tab only.
        </p>
        <button type="submit" className="primary" disabled={busy}>
          Sign in
        </button>
        {error && (
          <p id="signin-error" className="error" role="alert">
            {error}
          </p>
        )}
      </form>
    </main>
  );
}
