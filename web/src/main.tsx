/** The web app's entry: who is signed in, then the shell (or the sign-in page). */
// The first screen's reads (early.ts, its own entry in the build: usually run already; run once).
import "./early";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { goSignIn, loadSession } from "./api";
import { App } from "./app";
import "./styles.css";

async function start() {
  const root = createRoot(document.getElementById("root")!);
  try {
    const session = await loadSession();
    if (!session) return goSignIn();
    root.render(
      <StrictMode>
        <App session={session} />
      </StrictMode>,
    );
  } catch (e) {
    root.render(
      <main className="fatal" role="alert">
        <h1>Quire could not start</h1>
        <p>{e instanceof Error ? e.message : String(e)}</p>
      </main>,
    );
  }
}

void start();
