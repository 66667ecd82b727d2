import type { Finding } from "../bindings/Finding";
import type { ModelInfo } from "../bindings/ModelInfo";
import { fieldId } from "../logic/errors";

/** Where a finding is, in words: "Title" or the prompt's label. */
function fieldName(field: string, model: ModelInfo | undefined): string {
  if (field === "title") return "the title";
  const key = field.replace(/^body\./, "");
  const prompt = model?.prompts.find((p) => p.key === key);
  return prompt ? `“${prompt.label}”` : field;
}

/** The privacy check's findings, each in context with a link to the field. Nothing is blocked:
 * the writer decides whether to change the text. */
export function PrivacyFindings({ findings, model }: { findings: Finding[]; model: ModelInfo | undefined }) {
  return (
    <div role="status" aria-live="polite" id="privacy-findings">
      {findings.length ? (
        <div className="nhsuk-warning-callout">
          <h2 className="nhsuk-warning-callout__label">
            <span role="text">
              <span className="nhsuk-u-visually-hidden">Important: </span>
              Details that could identify someone
            </span>
          </h2>
          <p>
            Reflections can be disclosed, for example in court. Consider removing these, or describe the person
            without identifying them.
          </p>
          <ul className="privacy-list">
            {findings.map((f, i) => (
              <li key={i}>
                <a
                  href={"#" + fieldId(f.field)}
                  onClick={(e) => {
                    e.preventDefault();
                    document.getElementById(fieldId(f.field))?.focus();
                  }}
                >
                  {f.label} in {fieldName(f.field, model)}
                </a>
                : <span className="privacy-context">
                  {f.start > [...f.before].length ? "…" : ""}
                  {f.before}
                  <mark>{f.matched}</mark>
                  {f.after}…
                </span>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </div>
  );
}
