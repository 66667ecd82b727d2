import { describe, expect, it } from "vitest";
import type { Finding } from "../bindings/Finding";
import type { ModelInfo } from "../bindings/ModelInfo";
import type { PackFinding } from "../bindings/PackFinding";
import type { ReflectionInput } from "../bindings/ReflectionInput";
import { emptyForm, formToInput } from "./form";
import {
  contextOf,
  exportStep,
  fieldName,
  fieldText,
  fixDetail,
  fixedMessage,
  fixLabel,
  focusAfterFix,
  keepAcknowledged,
  pdfWarningTitle,
  targetOf,
  withFixedField,
} from "./privacy";

const finding = (over: Partial<Finding> = {}): Finding => ({
  kind: "titled_name",
  label: "A person's name",
  field: "body.reflection",
  matched: "Mr Smith",
  start: 4,
  end: 12,
  before: "Saw ",
  after: " in bed 4.",
  suggestion: "the patient",
  ...over,
});

const packFinding = (key: string): PackFinding => ({ key, location: "Reflection “Handover”: Your reflection", reflection_id: "r1", finding: finding() });

const model: ModelInfo = {
  model: "free",
  name: "Free text",
  prompts: [{ key: "reflection", label: "Your reflection", hint: "" }],
} as unknown as ModelInfo;

describe("the privacy check in the views", () => {
  it("targets a finding by field, place and words", () => {
    expect(targetOf(finding())).toEqual({ field: "body.reflection", start: 4, matched: "Mr Smith" });
  });

  it("takes only the rewritten field from the Rust side's input, leaving the rest as typed", () => {
    const form = { ...emptyForm("2026-01-15", "new:x"), title: "Handover  ", body: { reflection: "Saw Mr Smith in bed 4.", other: "kept" } };
    const fixed: ReflectionInput = {
      ...(formToInput(form) as { ok: true; input: ReflectionInput }).input,
      title: "changed elsewhere",
      body: { reflection: "Saw the patient in bed 4." },
    };
    const next = withFixedField(form, fixed, "body.reflection");
    expect(next.body).toEqual({ reflection: "Saw the patient in bed 4.", other: "kept" });
    expect(next.title).toBe("Handover  ");
    expect(fieldText(next, "body.reflection")).toBe("Saw the patient in bed 4.");
    const titled = withFixedField(form, { ...fixed, title: "Handover with the patient" }, "title");
    expect(titled.title).toBe("Handover with the patient");
    expect(titled.body).toBe(form.body);
    expect(fieldText(titled, "title")).toBe("Handover with the patient");
    expect(fieldText(form, "body.missing")).toBe("");
  });

  it("shows ellipses only where the text goes on", () => {
    expect(contextOf(finding())).toMatchObject({ lead: "", trail: "" });
    const long = finding({ start: 40, before: "x".repeat(30), after: "y".repeat(30) });
    expect(contextOf(long)).toMatchObject({ lead: "…", trail: "…" });
    // Characters, not UTF-16 units: an emoji before the match is one character.
    expect(contextOf(finding({ start: 2, before: "😀 " })).lead).toBe("");
  });

  it("labels the rewrite button with what it does, and names what it replaces after that", () => {
    const f = finding();
    expect(fixLabel(f)).toBe("Replace with ‘the patient’");
    const name = fixLabel(f) + fixDetail(f, fieldName(f.field, model));
    expect(name).toBe("Replace with ‘the patient’: “Mr Smith” in “Your reflection”");
    expect(name.startsWith(fixLabel(f))).toBe(true);
    expect(fixedMessage(f)).toBe("Replaced “Mr Smith” with ‘the patient’.");
  });

  it("names fields in words", () => {
    expect(fieldName("title", model)).toBe("the title");
    expect(fieldName("body.reflection", model)).toBe("“Your reflection”");
    expect(fieldName("body.gone", model)).toBe("body.gone");
    expect(fieldName("text", undefined)).toBe("text");
  });

  it("drops acknowledgements of findings that are no longer there", () => {
    expect(keepAcknowledged(["a", "b", "c"], [packFinding("c"), packFinding("a"), packFinding("d")])).toEqual(["a", "c"]);
    expect(keepAcknowledged(["a"], [])).toEqual([]);
  });

  it("moves focus to the next finding after a rewrite, or to the last, or nowhere", () => {
    expect(focusAfterFix(0, 3)).toBe(0);
    expect(focusAfterFix(2, 2)).toBe(1);
    expect(focusAfterFix(1, 0)).toBeNull();
  });

  it("warns before a PDF export only when something is found", () => {
    expect(exportStep([])).toBe("export");
    expect(exportStep([packFinding("a")])).toBe("warn");
    expect(pdfWarningTitle(1)).toBe("1 detail in this PDF could identify someone");
    expect(pdfWarningTitle(3)).toBe("3 details in this PDF could identify someone");
  });
});
