import { useEffect, useRef, useState } from "react";
import type { Draft } from "../bindings/Draft";
import type { Framework } from "../bindings/Framework";
import type { IpcError } from "../bindings/IpcError";
import type { ModelInfo } from "../bindings/ModelInfo";
import type { Profile } from "../bindings/Profile";
import type { ReflectionPage } from "../bindings/ReflectionPage";
import type { Reminder } from "../bindings/Reminder";
import { ErrorSummary } from "../components/ErrorSummary";
import { DateInput } from "../components/DateInput";
import { Select, TextInput } from "../components/Fields";
import { QuickReflection } from "../components/QuickReflection";
import { Snippet, TagList } from "../components/Tags";
import { api } from "../ipc";
import { formatDate, formatInstant, longDatesIn } from "../logic/dates";
import { errorFor, toIpcError } from "../logic/errors";
import type { ReflectionForm } from "../logic/form";
import { countLine, moreLines, nextPage, PAGE_SIZE, queryDelay } from "../logic/paging";
import { isFiltered, noFilters, SEARCH_LIMIT, toQuery, type Filters } from "../logic/query";
import { markJournalShown } from "../logic/startup";


interface Props {
  profile: Profile;
  models: ModelInfo[];
  deletedId: string | null;
}

export function Journal({ profile, models, deletedId }: Props) {
  const [filters, setFilters] = useState<Filters>(noFilters);
  const [page, setPage] = useState<ReflectionPage | null>(null);
  // How many rows to show: a page, then a page more with each "Show more".
  const [first, setFirst] = useState(PAGE_SIZE);
  // The filters the list on screen was asked with (typing waits for a pause; nothing else does).
  const asked = useRef<Filters | null>(null);
  // After "Show more": the index of the first new row, whose link takes the focus.
  const focusFrom = useRef<number | null>(null);
  const list = useRef<HTMLUListElement>(null);
  const [drafts, setDrafts] = useState<Draft[]>([]);
  const [frameworks, setFrameworks] = useState<Framework[]>([]);
  const [error, setError] = useState<IpcError | null>(null);
  // Only a press that fails (Undo) moves focus to the error summary; a filter never does.
  const [refused, setRefused] = useState(0);
  const [undone, setUndone] = useState(false);
  const [urgent, setUrgent] = useState<Reminder[]>([]);
  // Bumped by "Clear search and filters": the date boxes start again even if what they held was no date.
  const [cleared, setCleared] = useState(0);
  // Bumped by each quick reflection saved: the list is read again.
  const [written, setWritten] = useState(0);

  // The list first: nothing else on the page waits for it, and it waits for nothing.
  useEffect(() => {
    let live = true;
    const timer = setTimeout(() => {
      asked.current = filters;
      api
        .listReflections(toQuery(filters), first)
        .then((p) => {
          if (live) {
            setPage(p);
            setError(null);
          }
        })
        .catch((e: unknown) => live && setError(toIpcError(e)));
    }, queryDelay(asked.current, filters));
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [filters, undone, first, written]);

  useEffect(() => {
    if (!page) return;
    markJournalShown(page.rows.length, (n, ms) => api.journalShown(n, ms).catch(() => undefined));
    // "Show more" moves the focus to the first row it added, so a keyboard or screen-reader user
    // carries on from there.
    const from = focusFrom.current;
    if (from !== null && page.rows.length > from) {
      focusFrom.current = null;
      list.current?.children[from]?.querySelector<HTMLElement>("a")?.focus();
    }
  }, [page]);

  // Only what is due soon or overdue is shown here; the appraisals page lists every reminder.
  useEffect(() => {
    api
      .reminders()
      .then((r) => setUrgent(r.filter((x) => x.severity !== "info")))
      .catch(() => undefined);
  }, []);

  useEffect(() => {
    const ids = [profile.organisation_framework, ...profile.professional_frameworks];
    Promise.all(ids.map((id) => api.getFramework(id)))
      .then(setFrameworks)
      .catch((e: unknown) => setError(toIpcError(e)));
    api.listDrafts().then((d) => setDrafts(d.filter((x) => x.key.startsWith("new:")))).catch(() => undefined);
  }, [profile]);

  const set = (patch: Partial<Filters>) => {
    setFilters((f) => ({ ...f, ...patch }));
    setFirst(PAGE_SIZE);
  };
  const rows = page?.rows ?? null;
  const more = page ? moreLines(page.rows.length, page.total) : null;
  const org = frameworks.find((f) => f.doc.id === profile.organisation_framework);
  const pros = frameworks.filter((f) => f.doc.kind === "professional");

  const undo = async () => {
    if (!deletedId) return;
    try {
      await api.restoreReflection(deletedId);
      setUndone(true);
    } catch (e) {
      setError(toIpcError(e));
      setRefused((n) => n + 1);
    }
  };

  return (
    <>
      <h1 tabIndex={-1}>Your reflections</h1>
      <QuickReflection frameworks={frameworks} organisation={profile.organisation_framework} onSaved={() => setWritten((n) => n + 1)} />
      {urgent.length ? (
        <div className="nhsuk-inset-text" id="urgent-reminders">
          <span className="nhsuk-u-visually-hidden">Reminders: </span>
          <ul className="nhsuk-list">
            {urgent.map((r, i) => (
              <li key={i}>{r.link ? <a href={r.link}>{longDatesIn(r.message)}</a> : longDatesIn(r.message)}</li>
            ))}
          </ul>
        </div>
      ) : null}
      {deletedId && !undone ? (
        <div className="nhsuk-notification-banner" role="region" aria-labelledby="deleted-title">
          <div className="nhsuk-notification-banner__header">
            <h2 className="nhsuk-notification-banner__title" id="deleted-title">
              Moved to the bin
            </h2>
          </div>
          <div className="nhsuk-notification-banner__content">
            <p className="nhsuk-notification-banner__heading">The reflection is in the bin.</p>
            <button type="button" className="nhsuk-button nhsuk-button--secondary nhsuk-button--small" id="undo-delete" onClick={() => void undo()}>
              Undo
            </button>
          </div>
        </div>
      ) : null}
      {deletedId && undone ? (
        <div className="nhsuk-notification-banner nhsuk-notification-banner--success" role="alert">
          <div className="nhsuk-notification-banner__content">
            <p className="nhsuk-notification-banner__heading">Restored.</p>
          </div>
        </div>
      ) : null}
      {drafts.length ? (
        <div className="nhsuk-warning-callout">
          <h2 className="nhsuk-warning-callout__label">Unsaved work</h2>
          <ul className="nhsuk-list">
            {drafts.map((d) => {
              let title = "Untitled reflection";
              try {
                title = (JSON.parse(d.content) as ReflectionForm).title.trim() || title;
              } catch {
                /* an unreadable draft still gets a link */
              }
              return (
                <li key={d.key}>
                  <a href={"#/new/" + encodeURIComponent(d.key)}>{title}</a> (kept {formatInstant(d.updated_at)}){" "}
                  <button
                    type="button"
                    className="link-button"
                    onClick={() => void api.discardDraft(d.key).then(() => setDrafts((all) => all.filter((x) => x.key !== d.key)))}
                  >
                    Discard<span className="nhsuk-u-visually-hidden"> {title}</span>
                  </button>
                </li>
              );
            })}
          </ul>
        </div>
      ) : null}
      <a className="nhsuk-action-link" href="#/new" id="new-reflection">
        <span className="nhsuk-action-link__text">Write a reflection</span>
      </a>
      {/* A search the index cannot read, or a date it refuses, is shown at the box only: the summary would take the focus while typing. */}
      <ErrorSummary error={error?.field === "text" || error?.field === "from" || error?.field === "to" ? null : error} focusKey={refused} />
      <div className="nhsuk-grid-row">
        <div className="nhsuk-grid-column-one-third">
          <form role="search" onSubmit={(e) => e.preventDefault()} className="filters">
            <TextInput field="search" type="search" label="Search" hint={'Words in titles and answers. "Two words" for a phrase, -word to leave out, OR for either; filter by value below'} value={filters.text} onChange={(v) => set({ text: v })} error={errorFor(error, "text")} />
            <Select field="value" label="Value or behaviour" value={filters.value} onChange={(v) => set({ value: v })}>
              <option value="">Any</option>
              {org?.doc.values.map((v) => (
                <optgroup key={v.key} label={v.name}>
                  <option value={`${org.doc.id}/${v.key}`}>{v.name} (any behaviour)</option>
                  {v.behaviours.map((b) => (
                    <option key={b.key} value={`${org.doc.id}/${v.key}/${b.key}`}>
                      {b.text}
                    </option>
                  ))}
                </optgroup>
              ))}
            </Select>
            {pros.length ? (
              <Select field="theme" label="Professional theme" value={filters.theme} onChange={(v) => set({ theme: v })}>
                <option value="">Any</option>
                {pros.flatMap((fw) =>
                  fw.doc.values.map((v) => (
                    <option key={`${fw.doc.id}/${v.key}`} value={`${fw.doc.id}/${v.key}`}>
                      {v.name}
                    </option>
                  )),
                )}
              </Select>
            ) : null}
            {/* Only a whole real date (or none) filters the list; boxes that hold no date say so at the field when left. */}
            <DateInput key={`from-${cleared}`} field="from" label="From" name="The From date" example="1 4 2026" value={filters.from} onChange={(v, ok) => ok && set({ from: v })} error={errorFor(error, "from")} />
            <DateInput key={`to-${cleared}`} field="to" label="To" name="The To date" example="31 3 2027" value={filters.to} onChange={(v, ok) => ok && set({ to: v })} error={errorFor(error, "to")} />
            <Select field="visibility" label="Visibility" value={filters.visibility} onChange={(v) => set({ visibility: v as Filters["visibility"] })}>
              <option value="">Any</option>
              <option value="private">Private</option>
              <option value="shared">Shared for appraisal</option>
            </Select>
            <Select field="model" label="Reflective model" value={filters.model} onChange={(v) => set({ model: v as Filters["model"] })}>
              <option value="">Any</option>
              {models.map((m) => (
                <option key={m.model} value={m.model}>
                  {m.name}
                </option>
              ))}
            </Select>
            <div className="nhsuk-checkboxes nhsuk-checkboxes--small nhsuk-form-group">
              <div className="nhsuk-checkboxes__item">
                <input className="nhsuk-checkboxes__input" id="show-bin" type="checkbox" checked={filters.deleted} onChange={(e) => set({ deleted: e.target.checked })} />
                <label className="nhsuk-label nhsuk-checkboxes__label" htmlFor="show-bin">
                  Show the bin
                </label>
              </div>
            </div>
            {isFiltered(filters) ? (
              <button type="button" className="nhsuk-button nhsuk-button--secondary nhsuk-button--small" onClick={() => {
                  setFilters(noFilters);
                  setFirst(PAGE_SIZE);
                  setCleared((n) => n + 1);
                }}>
                Clear search and filters
              </button>
            ) : null}
          </form>
        </div>
        <div className="nhsuk-grid-column-two-thirds">
          <p className="nhsuk-body-s" role="status" aria-live="polite" id="result-count">
            {page === null
              ? "Loading…"
              : countLine(page.total, isFiltered(filters), filters.text.trim() ? SEARCH_LIMIT : null)}
          </p>
          <ul className="nhsuk-list reflection-list" id="reflection-list" ref={list}>
            {rows?.map((r) => (
              <li key={r.id} className="reflection-item">
                <h2 className="nhsuk-heading-s nhsuk-u-margin-bottom-1">
                  <a href={"#/reflection/" + r.id}>{r.title}</a>
                </h2>
                <p className="nhsuk-body-s nhsuk-u-margin-bottom-1">
                  {formatDate(r.event_date)} · {models.find((m) => m.model === r.model)?.name}
                  {r.visibility === "shared" ? (
                    <strong className="nhsuk-tag nhsuk-tag--blue tag-inline">Shared</strong>
                  ) : (
                    <strong className="nhsuk-tag nhsuk-tag--grey tag-inline">Private</strong>
                  )}
                </p>
                {r.snippet ? <Snippet parts={r.snippet} /> : null}
                <TagList tags={r.tags} />
              </li>
            ))}
          </ul>
          {more ? (
            <div className="journal-more">
              <p className="nhsuk-body-s" id="shown-count" role="status">
                {more.shown}
              </p>
              <button
                type="button"
                className="nhsuk-button nhsuk-button--secondary"
                id="show-more"
                onClick={() => {
                  focusFrom.current = page?.rows.length ?? null;
                  setFirst((n) => nextPage(n, page?.total ?? n));
                }}
              >
                {more.button}
              </button>
            </div>
          ) : null}
          {rows && rows.length === 0 && !isFiltered(filters) ? (
            <p>You have not written any reflections yet. Reflections are private unless you choose to share them.</p>
          ) : null}
        </div>
      </div>
    </>
  );
}
