// The privacy check's findings as the views show them, and applying one rewrite to the editor's
// form. The rules (what is found, what is suggested, whether a rewrite is still valid) are the
// Rust side's; this only moves text between the form and the input the Rust side returns.
import type { Finding } from "../bindings/Finding";
import type { FixTarget } from "../bindings/FixTarget";
import type { ModelInfo } from "../bindings/ModelInfo";
import type { PackFinding } from "../bindings/PackFinding";
import type { ReflectionInput } from "../bindings/ReflectionInput";
import type { ReflectionForm } from "./form";

/** Which finding to rewrite, as the Rust side checks it against the text as it is now. */
export function targetOf(f: Finding): FixTarget {
  return { field: f.field, start: f.start, matched: f.matched };
}

/** The form with the one field a rewrite changed taken from the input the Rust side returned;
 * every other field stays exactly as typed. */
export function withFixedField(form: ReflectionForm, fixed: ReflectionInput, field: string): ReflectionForm {
  if (field === "title") return { ...form, title: fixed.title };
  const key = field.replace(/^body\./, "");
  return { ...form, body: { ...form.body, [key]: fixed.body[key] ?? "" } };
}

/** The finding's words in context, with ellipses only where the text goes on. */
export function contextOf(f: Finding): { lead: string; before: string; matched: string; after: string; trail: string } {
  return {
    lead: f.start > [...f.before].length ? "…" : "",
    before: f.before,
    matched: f.matched,
    after: f.after,
    trail: [...f.after].length >= 30 ? "…" : "",
  };
}

/** The visible label of a rewrite button: "Replace with ‘the patient’". */
export function fixLabel(f: Finding): string {
  return `Replace with ‘${f.suggestion}’`;
}

/** What the button's accessible name adds after its visible label: what is replaced, and where. */
export function fixDetail(f: Finding, where: string): string {
  return `: “${f.matched}” in ${where}`;
}

/** Where a finding is in the editor, in words: "the title" or the prompt's label. */
export function fieldName(field: string, model: ModelInfo | undefined): string {
  if (field === "title") return "the title";
  const key = field.replace(/^body\./, "");
  const prompt = model?.prompts.find((p) => p.key === key);
  return prompt ? `“${prompt.label}”` : field;
}

/** After the findings change (a rewrite, a rebuilt preview), the acknowledgements that still
 * name a finding; the rest drop, so an acknowledgement never carries over to other text. */
export function keepAcknowledged(acknowledged: string[], findings: PackFinding[]): string[] {
  const keys = new Set(findings.map((f) => f.key));
  return acknowledged.filter((k) => keys.has(k));
}

/** Where focus goes after finding `index` was rewritten and the check re-ran: the rewrite
 * button now at that place in the list (the next finding), else the last one, else none. */
export function focusAfterFix(index: number, remaining: number): number | null {
  if (remaining <= 0) return null;
  return Math.min(index, remaining - 1);
}

/** A short sentence for the live region after a rewrite. */
export function fixedMessage(f: Finding): string {
  return `Replaced “${f.matched}” with ‘${f.suggestion}’.`;
}

/** The text of one field of the form, as the check names it. */
export function fieldText(form: ReflectionForm, field: string): string {
  if (field === "title") return form.title;
  return form.body[field.replace(/^body\./, "")] ?? "";
}

/** Before a PDF export: show the findings first, or export straight away. */
export function exportStep(findings: PackFinding[]): "warn" | "export" {
  return findings.length > 0 ? "warn" : "export";
}

/** The PDF warning's heading. */
export function pdfWarningTitle(n: number): string {
  return n === 1 ? "1 detail in this PDF could identify someone" : `${n} details in this PDF could identify someone`;
}
