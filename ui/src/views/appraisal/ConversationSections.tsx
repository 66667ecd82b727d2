// The conversation notes: 2. Review of the last year, 7. Health and wellbeing (private unless
// shared) and 8. Career aspirations.
import type { Review } from "../../bindings/Review";
import type { Role } from "../../bindings/Role";
import { NOTES } from "../../bindings/sections";
import { Checkbox } from "../../components/Fields";
import { fieldId } from "../../logic/errors";
import { NoteField } from "./NoteField";
import { Section, type SectionProps } from "./Section";

export function ReviewSection({ c, update, noteProps }: SectionProps) {
  return (
    <Section id="section-review" title="2. Review of the last year">
      {NOTES.filter((spec) => spec.part === "review").map((spec) => {
        const name = spec.key.slice("review.".length) as keyof Review;
        return <NoteField key={spec.key} {...noteProps(spec.key, spec.part)} label={spec.label} note={c.review[name]} onChange={(n) => update({ review: { ...c.review, [name]: n } })} />;
      })}
    </Section>
  );
}

export function WellbeingSection({ a, c, can, update, noteProps, viewer }: SectionProps & { viewer: Role }) {
  const colleague = a.details.name;
  return (
    <Section id="section-wellbeing" title="7. Health and wellbeing">
      {a.wellbeing_hidden || (viewer === "appraiser" && !c.wellbeing_shared) ? (
        <p id="wellbeing-private">{colleague}'s wellbeing notes are private to them.</p>
      ) : (
        <>
          <NoteField {...noteProps("wellbeing", "wellbeing")} label="Wellbeing conversation notes" note={c.wellbeing} onChange={(n) => update({ wellbeing: n })} hint="These notes are yours. They are not shown to your appraiser, or included in anything shared, unless you choose to below." />
          {can("wellbeing") ? (
            <div className="nhsuk-checkboxes">
              <Checkbox
                id={fieldId("wellbeing_shared")}
                label="Share these notes with my appraiser for this appraisal"
                checked={c.wellbeing_shared}
                onChange={(on) => update({ wellbeing_shared: on })}
              />
            </div>
          ) : (
            <p className="nhsuk-body-s">{c.wellbeing_shared ? "Shared with the appraiser for this appraisal." : "Private to you."}</p>
          )}
        </>
      )}
    </Section>
  );
}

export function CareerSection({ c, update, noteProps }: SectionProps) {
  return (
    <Section id="section-career" title="8. Career aspirations">
      <NoteField {...noteProps("career", "career")} label="Career aspirations" note={c.career} onChange={(n) => update({ career: n })} />
    </Section>
  );
}
