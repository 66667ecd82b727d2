// The frame every part of the appraisal workspace shares: the numbered sections, the contents
// list that jumps to them, and the props the page hands each section editor.
import { createContext, useContext, type ReactNode } from "react";
import type { Appraisal } from "../../bindings/Appraisal";
import type { AppraisalContent } from "../../bindings/AppraisalContent";
import type { Part } from "../../bindings/Part";
import { CONTENT_SECTION, SECTION_STATUS_LABEL, SECTION_STATUS_TAG, type SectionStatus } from "../../logic/appraisal";
import type { NoteBinding } from "./NoteField";

/** What the page gives every section: the view, the content being edited and how to change it. */
export interface SectionProps {
  a: Appraisal;
  c: AppraisalContent;
  /** Whether this viewer may change `part` now (from core, on the view). */
  can: (part: Part) => boolean;
  /** The message for `field` in the last error, if it was about that field. */
  err: (field: string) => string | null;
  /** Change the content and schedule an autosave. */
  update: (patch: Partial<AppraisalContent>) => void;
  /** The shared props of a note field for `field`, editable when `part` is. */
  noteProps: (field: string, part: Part) => NoteBinding;
}

/** Each section's status for the person looking (logic/appraisal.ts's sectionStatuses). */
export const SectionStatuses = createContext<Record<string, SectionStatus>>({});

/** A section's status as an NHS tag. */
function StatusTag({ id, status }: { id: string; status: SectionStatus | undefined }) {
  if (!status) return null;
  return (
    <strong className={"nhsuk-tag section-status " + SECTION_STATUS_TAG[status]} id={id}>
      <span className="nhsuk-u-visually-hidden">Status: </span>
      {SECTION_STATUS_LABEL[status]}
    </strong>
  );
}

export function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  const status = useContext(SectionStatuses)[id];
  return (
    <section className="appraisal-section" id={id} aria-labelledby={id + "-title"}>
      <h2 id={id + "-title"} tabIndex={-1}>
        {title}
      </h2>
      {status ? (
        <p className="section-status-line">
          <StatusTag id={id + "-status"} status={status} />
        </p>
      ) : null}
      {children}
    </section>
  );
}

const SECTIONS: [string, string][] = [
  ["section-details", "1. Details"],
  ["section-review", "2. Review of the last year"],
  ["section-values", "3. Values and behaviours"],
  ["section-previous", "4. Last year's objectives and development plan"],
  ["section-objectives", "5. New objectives"],
  ["section-plan", "6. Personal development plan"],
  ["section-wellbeing", "7. Health and wellbeing"],
  ["section-career", "8. Career aspirations"],
  ["section-pay-step", "9. Pay-step readiness"],
  ["section-signoff", "10. Summary and sign-off"],
];

/** The titles of the sections that show these parts of the content, in order, each once. */
export function sectionTitles(keys: (keyof AppraisalContent)[]): string[] {
  const ids = new Set(keys.map((k) => CONTENT_SECTION[k]));
  return SECTIONS.filter(([sid]) => ids.has(sid)).map(([, title]) => title);
}

/** The contents list: each link moves focus to its section's heading; each says the section's status. */
export function SectionsNav({ statuses = {} }: { statuses?: Record<string, SectionStatus> }) {
  return (
    <nav className="nhsuk-contents-list" aria-label="Sections of the appraisal" id="appraisal-contents">
      <h2 className="nhsuk-heading-s nhsuk-u-margin-bottom-2">Contents</h2>
      <ol className="nhsuk-contents-list__list">
        {SECTIONS.map(([sid, title]) => (
          <li className="nhsuk-contents-list__item" key={sid}>
            <a className="nhsuk-contents-list__link" href={"#" + sid} id={"contents-" + sid} onClick={(e) => {
              e.preventDefault();
              document.getElementById(sid)?.scrollIntoView();
              document.getElementById(sid + "-title")?.focus();
            }}>
              {title}
            </a>{" "}
            <StatusTag id={"contents-" + sid + "-status"} status={statuses[sid]} />
          </li>
        ))}
      </ol>
    </nav>
  );
}
