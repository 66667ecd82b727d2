// A reflection quoted in full inside a collapsible section: used where an appraisal shows its
// evidence (the workspace, appraiser mode, the share preview).
import type { ModelInfo } from "../bindings/ModelInfo";
import type { Reflection } from "../bindings/Reflection";
import { formatDate } from "../logic/dates";
import { TagList } from "./Tags";

export function ReflectionDetails({ r, models }: { r: Reflection; models: ModelInfo[] }) {
  const model = models.find((m) => m.model === r.model);
  return (
    <details className="nhsuk-details evidence-reflection">
      <summary className="nhsuk-details__summary">
        <span className="nhsuk-details__summary-text">
          {r.title} ({formatDate(r.event_date)})
        </span>
      </summary>
      <div className="nhsuk-details__text">
        <TagList tags={r.tags} />
        {model?.prompts.map((p) =>
          r.body[p.key] ? (
            <div key={p.key}>
              <h4 className="nhsuk-heading-xs">{p.label}</h4>
              <p className="reflection-text">{r.body[p.key]}</p>
            </div>
          ) : null,
        )}
      </div>
    </details>
  );
}
