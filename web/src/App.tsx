import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { Api } from "./api";
import { ComparePage } from "./pages/Compare";
import { DomainsPage } from "./pages/Domains";
import { FindingPage } from "./pages/FindingView";
import { RulePage } from "./pages/RulePage";
import { ScanDetailPage } from "./pages/ScanDetail";
import { ScansPage } from "./pages/Scans";
import { SchedulesPage } from "./pages/Schedules";
import { SignIn } from "./pages/SignIn";
import { TrendPage } from "./pages/Trend";
import { TriagePage } from "./pages/TriagePage";
import { WebhooksPage } from "./pages/Webhooks";
import { clearReports } from "./reports";
import { type Route, useRoute } from "./router";
import { ApiContext, loadToken, saveToken } from "./session";

const NAV: { page: Route["page"]; label: string; hash: string }[] = [
  { page: "scans", label: "Scans", hash: "#/" },
  { page: "compare", label: "Compare", hash: "#/compare" },
  { page: "trend", label: "Trend", hash: "#/trend" },
  { page: "triage", label: "Triage", hash: "#/triage" },
  { page: "schedules", label: "Schedules", hash: "#/schedules" },
  { page: "webhooks", label: "Webhooks", hash: "#/webhooks" },
  { page: "domains", label: "Domains", hash: "#/domains" },
];

function PageFor({ route }: { route: Route }) {
  switch (route.page) {
    case "scans":
      return <ScansPage />;
    case "scan":
      return <ScanDetailPage key={route.id} id={route.id} />;
    case "finding":
      return <FindingPage key={`${route.id}/${route.fingerprint}`} id={route.id} fingerprint={route.fingerprint} />;
    case "compare":
      return <ComparePage key={`${route.base}/${route.head}`} base={route.base} head={route.head} />;
    case "trend":
      return <TrendPage target={route.target} />;
    case "schedules":
      return <SchedulesPage />;
    case "webhooks":
      return <WebhooksPage />;
    case "triage":
      return <TriagePage />;
    case "domains":
      return <DomainsPage />;
    case "rule":
      return <RulePage id={route.id} />;
    case "missing":
      return (
        <main id="main">
          <h1>Not found</h1>
          <p>
            There is no page {route.path}. <a href="#/">Back to scans</a>
          </p>
        </main>
      );
  }
}

export function App() {
  const [token, setToken] = useState<string | null>(loadToken);
  const [notice, setNotice] = useState<string>();
  const route = useRoute();
  const signOut = useCallback((why?: string) => {
    saveToken(null);
    clearReports();
    setToken(null);
    setNotice(why);
  }, []);
  const api = useMemo(
    () => (token ? new Api(token, () => signOut("The token is no longer accepted: sign in again.")) : null),
    [token, signOut],
  );

  // Moving to another page puts focus on its heading, so keyboard and screen-reader users start there.
  const mainRef = useRef<HTMLDivElement>(null);
  const routeKey = JSON.stringify(route);
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs on every route change.
  useEffect(() => {
    const heading = mainRef.current?.querySelector("h1");
    if (heading instanceof HTMLElement) {
      heading.tabIndex = -1;
      heading.focus({ preventScroll: false });
    }
    document.title = `${heading?.textContent ?? "Rampart"} · Rampart`;
  }, [routeKey]);

  if (!api) {
    return (
      <SignIn
        notice={notice}
        onSignIn={(value) => {
          saveToken(value);
          setNotice(undefined);
          setToken(value);
        }}
      />
    );
  }

  return (
    <ApiContext.Provider value={api}>
      <button
        type="button"
        className="skip"
        onClick={() => document.getElementById("main")?.querySelector("h1")?.focus()}
      >
        Skip to content
      </button>
      <header className="topbar">
        <span className="brand">Rampart</span>
        <nav aria-label="Main">
          <ul>
            {NAV.map((item) => {
              const current =
                item.page === route.page ||
                (item.page === "scans" && (route.page === "scan" || route.page === "finding"));
              return (
                <li key={item.page}>
                  <a href={item.hash} aria-current={current ? "page" : undefined}>
                    {item.label}
                  </a>
                </li>
              );
            })}
          </ul>
        </nav>
        <button type="button" onClick={() => signOut()}>
          Sign out
        </button>
      </header>
      <div ref={mainRef} className="content">
        <PageFor route={route} />
      </div>
    </ApiContext.Provider>
  );
}
