import { Fragment, useCallback, useEffect, useRef, useState } from "react";
import type { AppState } from "./bindings/AppState";
import type { IpcError } from "./bindings/IpcError";
import type { Profile } from "./bindings/Profile";
import { Header } from "./components/Header";
import { OpenedPacks } from "./components/OpenedPacks";
import { useZoom } from "./components/useZoom";
import { api } from "./ipc";
import { toIpcError } from "./logic/errors";
import { watchIdle } from "./logic/idle";
import { discardPage, flushPending, isLockShortcut, lockApp } from "./logic/lock";
import { usePageFrame } from "./page";
import { parseRoute, type Route, type Screen } from "./route";
import { AppraisalPage } from "./views/AppraisalPage";
import { Appraisals } from "./views/Appraisals";
import { Editor } from "./views/Editor";
import { Journal } from "./views/Journal";
import { OverviewPage } from "./views/OverviewPage";
import { ProfileForm } from "./views/ProfileForm";
import { ReflectionPage } from "./views/ReflectionPage";
import { OrganisationPage } from "./views/OrganisationPage";
import { RevalidationPage } from "./views/RevalidationPage";
import { SharePage } from "./views/SharePage";
import { TeamPage } from "./views/TeamPage";
import { LastBackupLine } from "./views/Backups";
import { Rescue } from "./views/Rescue";
import { Settings } from "./views/Settings";
import { ProtectStep } from "./views/Protect";
import { Unlock } from "./views/Unlock";

/** The current route, and a count of navigations (so "Write" again starts a fresh editor). */
function useRoute(): { route: Route; visit: number } {
  const [route, setRoute] = useState(() => ({ route: parseRoute(window.location.hash), visit: 0 }));
  useEffect(() => {
    const on = () => setRoute((r) => ({ route: parseRoute(window.location.hash), visit: r.visit + 1 }));
    window.addEventListener("hashchange", on);
    return () => window.removeEventListener("hashchange", on);
  }, []);
  return route;
}

export function App() {
  const { route, visit } = useRoute();
  useZoom();
  const [state, setState] = useState<AppState | null>(null);
  const [fatal, setFatal] = useState<IpcError | null>(null);
  // Appraiser mode: the appraiser is using this device for one appraisal. Only that appraisal's
  // appraiser view is reachable until the mode ends; nothing else of the journal is shown.
  const [appraiserFor, setAppraiserFor] = useState<string | null>(null);
  // Set-up's optional step after the profile: protect the journal with a passphrase.
  const [protecting, setProtecting] = useState(false);
  const [lockError, setLockError] = useState<IpcError | null>(null);
  const main = useRef<HTMLElement>(null);
  const locked = fatal?.kind === "locked";

  const load = useCallback(() => {
    api
      .appState()
      .then((s) => {
        setFatal(null);
        setState(s);
      })
      .catch((e: unknown) => setFatal(toIpcError(e)));
  }, []);
  useEffect(load, [load]);

  // A pack opened from outside the app was imported: show the page it went to, or, when that
  // page is already shown, show it again with what came in (an appraisal already open takes in
  // the change itself, keeping what is being typed).
  const [arrived, setArrived] = useState(0);
  const showImported = useCallback(
    (href: string) => {
      load();
      if (window.location.hash !== href) window.location.hash = href;
      else if (!href.startsWith("#/appraisal/")) setArrived((n) => n + 1);
    },
    [load],
  );

  // The app lock: save what is pending, close the journal (its key is wiped), then reload the page
  // so the web view holds nothing of the journal; the fresh page finds it locked.
  const lockNow = useCallback(() => {
    void lockApp({ flush: flushPending, lock: api.lockJournal, discard: () => discardPage(window.location, window.history) }).then(setLockError);
  }, []);
  const encrypted = state?.encrypted ?? false;
  const lockMinutes = state?.lock_minutes ?? 0;
  useEffect(() => (encrypted ? watchIdle(window, lockMinutes, lockNow) : undefined), [encrypted, lockMinutes, lockNow]);
  useEffect(() => {
    if (!encrypted) return;
    const onKey = (e: KeyboardEvent) => {
      if (!isLockShortcut(e)) return;
      e.preventDefault();
      lockNow();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [encrypted, lockNow]);

  const setProfile = (p: Profile) => setState((s) => (s ? { ...s, profile: p } : s));
  const profile = state?.profile ?? null;

  // The window title names the screen; each navigation, or a change of screen (set-up done,
  // unlocked, appraiser mode), moves focus to the new page's main heading once it is shown, as a
  // screen-reader user expects (the unlock screen puts it in the passphrase field instead).
  const screen: Screen = locked
    ? "locked"
    : fatal
      ? "unopened"
      : !state
        ? "opening"
        : !profile
          ? "setup"
          : protecting
            ? "protect"
            : appraiserFor
              ? "appraiser"
              : route.name;
  usePageFrame(main, screen, `${visit}|${screen}|${appraiserFor ?? ""}`, !locked);

  let content;
  if (locked) {
    // Locked: the unlock screen and nothing else of the app.
    content = (
      <Unlock
        onUnlocked={(s) => {
          setFatal(null);
          setState(s);
        }}
        onFailed={setFatal}
      />
    );
  } else if (fatal) {
    content = (
      <>
        <h1 tabIndex={-1}>Reflect cannot open your journal</h1>
        <div className="nhsuk-error-summary" role="alert">
          <p>{fatal.message}</p>
        </div>
        <p>Your journal file has not been changed.</p>
        <Rescue onRestored={load} />
      </>
    );
  } else if (!state) {
    content = <p>Opening your journal…</p>;
  } else if (!profile) {
    content = (
      <>
        <h1 tabIndex={-1}>Set up Reflect</h1>
        <p className="nhsuk-lede-text">
          Tell us a little about you and choose your organisation's values. This takes under a minute, and stays on this
          device.
        </p>
        <ProfileForm
          initial={null}
          frameworks={state.frameworks}
          submitLabel="Start writing reflections"
          onSaved={(p) => {
            setProfile(p);
            window.location.hash = "#/journal";
            if (!state.encrypted) setProtecting(true);
          }}
        />
      </>
    );
  } else if (protecting) {
    content = (
      <ProtectStep
        onDone={() => {
          setProtecting(false);
          load();
        }}
      />
    );
  } else if (appraiserFor) {
    content = (
      <AppraisalPage
        key={"appraiser:" + appraiserFor}
        id={appraiserFor}
        viewer="appraiser"
        models={state.models}
        onAppraiserMode={(on) => {
          if (!on) {
            setAppraiserFor(null);
            window.location.hash = "#/appraisal/" + appraiserFor;
          }
        }}
      />
    );
  } else {
    switch (route.name) {
      case "journal":
        content = <Journal profile={profile} models={state.models} deletedId={route.deleted} />;
        break;
      case "new":
        content = <Editor key={"new:" + (route.draftKey ?? "") + visit} id={null} draftKey={route.draftKey} profile={profile} models={state.models} />;
        break;
      case "edit":
        content = <Editor key={"edit:" + route.id} id={route.id} draftKey={null} profile={profile} models={state.models} />;
        break;
      case "reflection":
        content = <ReflectionPage key={route.id} id={route.id} models={state.models} />;
        break;
      case "overview":
        content = <OverviewPage />;
        break;
      case "appraisals":
        content = <Appraisals profile={profile} />;
        break;
      case "appraisal":
        content = (
          <AppraisalPage
            key={"colleague:" + route.id}
            id={route.id}
            viewer="colleague"
            models={state.models}
            onAppraiserMode={(on) => setAppraiserFor(on ? route.id : null)}
          />
        );
        break;
      case "revalidation":
        content = <RevalidationPage />;
        break;
      case "share":
        content = <SharePage key={route.id + route.purpose} id={route.id} purpose={route.purpose} models={state.models} />;
        break;
      case "team":
        content = <TeamPage />;
        break;
      case "team-review":
        content = <AppraisalPage key={"team:" + route.id} id={route.id} viewer="appraiser" mode="team" models={state.models} onAppraiserMode={() => undefined} />;
        break;
      case "organisation":
        content = state.organisation_area ? (
          <OrganisationPage />
        ) : (
          <>
            <h1 tabIndex={-1}>Organisation</h1>
            <p>
              The Organisation area is for HR teams. Switch it on in <a href="#/settings">Settings</a>.
            </p>
          </>
        );
        break;
      case "settings":
        content = <Settings state={state} onProfile={setProfile} reload={load} onLock={lockNow} />;
        break;
    }
  }

  return (
    <>
      <a className="nhsuk-skip-link" href="#maincontent" onClick={(e) => {
        e.preventDefault();
        main.current?.focus();
      }}>
        Skip to main content
      </a>
      <Header current={profile && !fatal && !appraiserFor && !protecting ? route.name : null} organisation={state?.organisation_area ?? false} />
      <div className="nhsuk-width-container">
        <main className="nhsuk-main-wrapper" id="maincontent" role="main" tabIndex={-1} ref={main}>
          {lockError ? (
            <div className="nhsuk-error-summary" role="alert" id="lock-error">
              <h2 className="nhsuk-error-summary__title">Reflect could not lock</h2>
              <p>{lockError.message}</p>
            </div>
          ) : null}
          {state?.read_only ? (
            <div className="nhsuk-warning-callout" role="status">
              <h2 className="nhsuk-warning-callout__label">
                <span role="text">
                  <span className="nhsuk-u-visually-hidden">Important: </span>Your journal is read-only
                </span>
              </h2>
              <p>{state.read_only}.</p>
              <p>You can still read and export what the journal holds. Nothing you change can be saved.</p>
              <p>
                To carry on writing, restore the latest backup in <a href="#/settings">Settings → Backups</a>, or save an
                archive of everything that can still be read (Settings → Take your journal with you) and import it into a new
                journal.
              </p>
            </div>
          ) : null}
          {/* Not in appraiser mode: the appraiser at this device sees only that appraisal (packs
              opened meanwhile wait until the mode ends). */}
          {appraiserFor ? null : <OpenedPacks ready={!!profile && !locked && !fatal && !protecting} onImported={showImported} />}
          <Fragment key={arrived}>{content}</Fragment>
        </main>
      </div>
      <footer role="contentinfo" className="nhsuk-footer">
        <div className="nhsuk-width-container">
          <p className="nhsuk-footer__meta nhsuk-body-s">Reflect keeps your reflections on this device. Private unless you share them.</p>
          {profile ? <LastBackupLine /> : null}
          {encrypted && !locked ? (
            <p className="nhsuk-footer__meta nhsuk-body-s">
              <button type="button" className="link-button" id="footer-lock" onClick={lockNow}>
                Lock Reflect
              </button>{" "}
              (Ctrl+L)
            </p>
          ) : null}
        </div>
      </footer>
    </>
  );
}
