// @vitest-environment happy-dom
/**
 * The app shell against a real HTTP server on 127.0.0.1: a kept token opens the dashboard, a
 * token the service stops accepting signs the user out with a notice, sign out forgets the token.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { cleanup, render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import { App } from "../src/App";

let server: Server | undefined;

afterEach(async () => {
  cleanup();
  sessionStorage.clear();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

/** A service that accepts `valid` as the only token and has no scans. */
async function startService(valid: string) {
  const seen: string[] = [];
  server = createServer((req, res) => {
    seen.push(`${req.method} ${req.url?.split("?")[0]} ${req.headers.authorization ?? ""}`);
    res.setHeader("content-type", "application/json");
    if (req.headers.authorization !== `Bearer ${valid}`) {
      res.writeHead(401).end('{"error":{"code":"unauthorized","message":"bad token"}}');
      return;
    }
    res.writeHead(200).end('{"items":[],"nextCursor":null}');
  });
  await new Promise<void>((resolve) => server?.listen(0, "127.0.0.1", resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  (window as unknown as { happyDOM: { setURL(url: string): void } }).happyDOM.setURL(`${origin}/#/`);
  return { seen };
}

describe("App", () => {
  it("opens the dashboard with a kept token and forgets it on sign out", async () => {
    const { seen } = await startService("good");
    sessionStorage.setItem("rampart.token", "good");
    render(<App />);
    await screen.findByText("No scans yet.");
    expect(screen.getByRole("heading", { level: 1 }).textContent).toBe("Scans");
    expect(seen).toContain("GET /v1/scans Bearer good");
    await userEvent.click(screen.getByRole("button", { name: "Sign out" }));
    expect(screen.getByLabelText("API token")).toBeTruthy();
    expect(sessionStorage.getItem("rampart.token")).toBeNull();
  });

  it("signs out with a notice when the service stops accepting the token", async () => {
    await startService("good");
    sessionStorage.setItem("rampart.token", "revoked");
    render(<App />);
    await waitFor(() => expect(screen.getByRole("status").textContent).toMatch(/no longer accepted/));
    expect(screen.getByLabelText("API token")).toBeTruthy();
    expect(sessionStorage.getItem("rampart.token")).toBeNull();
  });

  it("signs in with a token the service accepts, and not with another", async () => {
    await startService("good");
    render(<App />);
    await userEvent.type(screen.getByLabelText("API token"), "wrong");
    await userEvent.click(screen.getByRole("button", { name: "Sign in" }));
    await screen.findByText("That token was not accepted.");
    await userEvent.clear(screen.getByLabelText("API token"));
    await userEvent.type(screen.getByLabelText("API token"), "good");
    await userEvent.click(screen.getByRole("button", { name: "Sign in" }));
    await screen.findByText("No scans yet.");
    expect(sessionStorage.getItem("rampart.token")).toBe("good");
  });
});
