import { describe, expect, it } from "vitest";
import type { Framework } from "../bindings/Framework";
import type { ReflectionSummary } from "../bindings/ReflectionSummary";
import type { Tag } from "../bindings/Tag";
import { addTag, bumpRecent, chipsOf, matchTags, recentTags, removeTag, tagClass, tagOptions } from "./tags";

function framework(id: string, kind: "organisation" | "professional", name: string, values: [string, string, [string, string][]][]): Framework {
  return {
    revision: 1,
    current_revision: 1,
    builtin: true,
    doc: {
      format: 1, id, kind, name, organisation: "", version: "", source: "", vision: null, notes: null, descriptions_paraphrased: false, strategic_objectives: [],
      values: values.map(([key, vname, behaviours]) => ({
        key, name: vname, description: null, behaviours_intro: behaviours.length ? "This means we:" : null, heading_omitted_in_source: false, label_note: null,
        behaviours: behaviours.map(([bkey, text]) => ({ key: bkey, text })),
      })),
    },
  };
}

const org = framework("somerset", "organisation", "NHS Somerset values", [
  ["self-awareness", "Self Awareness", [["sa-feedback", "seek, reflect on and learn from feedback"], ["sa-limits", "understand our own limitations"]]],
  ["integrated-working", "Integrated Working", [["iw-share", "share learning across teams"]]],
  ["quality", "Quality Improvement", [["qi-self", "look after self and others so we can improve"]]],
]);
const nmc = framework("nmc-code", "professional", "The NMC Code", [
  ["prioritise-people", "Prioritise people", []],
  ["preserve-safety", "Preserve safety", []],
]);
const options = tagOptions([org, nmc], "somerset");
const keys = (o: { key: string }[]) => o.map((x) => x.key);

describe("the tag options", () => {
  it("lists each value followed by its behaviours, then the professional themes", () => {
    expect(keys(options)).toEqual([
      "somerset/self-awareness", "somerset/self-awareness/sa-feedback", "somerset/self-awareness/sa-limits",
      "somerset/integrated-working", "somerset/integrated-working/iw-share",
      "somerset/quality", "somerset/quality/qi-self",
      "nmc-code/prioritise-people", "nmc-code/preserve-safety",
    ]);
    expect(options.map((o) => o.kind)).toEqual(["value", "behaviour", "behaviour", "value", "behaviour", "value", "behaviour", "theme", "theme"]);
    expect(options[1]?.context).toBe("Self Awareness: This means we…");
    expect(options[7]?.context).toBe("The NMC Code theme");
  });
  it("gives values and professional themes different colours", () => {
    expect(tagClass("value")).toContain("nhsuk-tag--aqua-green");
    expect(tagClass("behaviour")).toBe(tagClass("value"));
    expect(tagClass("theme")).toContain("nhsuk-tag--purple");
  });
});

describe("matching what is typed", () => {
  const cases: [string, string, string[], string[], string[]][] = [
    // what, typed, recent, picked, expected keys
    ["nothing typed: every option in order", "", [], [], keys(options)],
    ["nothing typed: the recent ones first", "", ["nmc-code/preserve-safety", "somerset/quality"], [],
      ["nmc-code/preserve-safety", "somerset/quality", ...keys(options).filter((k) => k !== "nmc-code/preserve-safety" && k !== "somerset/quality")]],
    ["three letters find the value first, then its behaviours by their value's name", "sel", [], [],
      ["somerset/self-awareness", "somerset/quality/qi-self", "somerset/self-awareness/sa-feedback", "somerset/self-awareness/sa-limits"]],
    ["a recent behaviour comes before the value it belongs to when both match by their own words", "sel", ["somerset/quality/qi-self"], [],
      ["somerset/quality/qi-self", "somerset/self-awareness", "somerset/self-awareness/sa-feedback", "somerset/self-awareness/sa-limits"]],
    ["a behaviour statement's words", "feedb", [], [], ["somerset/self-awareness/sa-feedback"]],
    ["any case, words in any order", "LEARN share", [], [], ["somerset/integrated-working/iw-share"]],
    ["words must begin words (no match inside a word)", "are", [], [], []],
    ["professional themes", "safe", [], [], ["nmc-code/preserve-safety"]],
    ["a value's or theme's name before a behaviour statement that has the word", "improve", [], [], ["somerset/quality", "somerset/quality/qi-self"]],
    ["…unless the behaviour was used recently", "improve", ["somerset/quality/qi-self"], [], ["somerset/quality/qi-self", "somerset/quality"]],
    ["the framework's name finds its themes", "nmc", [], [], ["nmc-code/prioritise-people", "nmc-code/preserve-safety"]],
    ["tags already picked are left out", "self", [], ["somerset/self-awareness"],
      ["somerset/quality/qi-self", "somerset/self-awareness/sa-feedback", "somerset/self-awareness/sa-limits"]],
    ["nothing matches", "zzz", [], [], []],
  ];
  it.each(cases)("%s", (_what, typed, recent, picked, want) => {
    expect(keys(matchTags(options, typed, recent, picked))).toEqual(want);
  });
});

describe("recently used tags", () => {
  const tag = (value_key: string, behaviour_key: string | null = null): Tag => ({
    framework_id: "somerset", framework_revision: 1, value_key, value_name: value_key, behaviour_key, behaviour_text: null,
  });
  const row = (id: string, updated_at: string, tags: Tag[]): ReflectionSummary => ({
    id, title: id, event_date: "2026-01-01", model: "free", visibility: "private", updated_at, tags, snippet: null,
  });
  const rows = [
    row("old", "2026-01-01T10:00:00Z", [tag("quality"), tag("self-awareness")]),
    row("new", "2026-03-01T10:00:00Z", [tag("self-awareness"), tag("self-awareness", "sa-feedback")]),
    row("middle", "2026-02-01T10:00:00Z", [tag("integrated-working")]),
  ];
  it.each([
    ["newest reflection first, each tag once", 8, ["somerset/self-awareness", "somerset/self-awareness/sa-feedback", "somerset/integrated-working", "somerset/quality"]],
    ["at most the limit", 2, ["somerset/self-awareness", "somerset/self-awareness/sa-feedback"]],
  ] as [string, number, string[]][])("%s", (_what, limit, want) => {
    expect(recentTags(rows, limit)).toEqual(want);
  });
  it("no reflections: no recent tags", () => expect(recentTags([])).toEqual([]));
  it("a tag just picked moves to the front", () => {
    expect(bumpRecent(["a", "b", "c"], "c")).toEqual(["c", "a", "b"]);
    expect(bumpRecent(["a", "b"], "d", 2)).toEqual(["d", "a"]);
  });
});

describe("picking and removing", () => {
  it("a behaviour brings its value; picking again changes nothing", () => {
    const t = addTag([], "somerset/self-awareness/sa-feedback");
    expect(t).toEqual(["somerset/self-awareness", "somerset/self-awareness/sa-feedback"]);
    expect(addTag(t, "somerset/self-awareness")).toEqual(t);
  });
  it("removing a value removes its behaviours; removing what is not there changes nothing", () => {
    const t = ["nmc-code/preserve-safety", "somerset/self-awareness", "somerset/self-awareness/sa-feedback"];
    expect(removeTag(t, "somerset/self-awareness")).toEqual(["nmc-code/preserve-safety"]);
    expect(removeTag(t, "somerset/self-awareness/sa-feedback")).toEqual(["nmc-code/preserve-safety", "somerset/self-awareness"]);
    expect(removeTag(t, "somerset/quality")).toEqual(t);
  });
  it("chips follow the framework's order and keep unknown tags", () => {
    const chips = chipsOf(["nmc-code/preserve-safety", "gone/x", "somerset/self-awareness"], options);
    expect(chips.map((c) => [c.label, c.kind])).toEqual([["Self Awareness", "value"], ["Preserve safety", "theme"], ["gone/x", "value"]]);
  });
});
