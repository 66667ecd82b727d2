import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createAutosaver } from "./autosave";
import { chartSummary, valueBars } from "./chart";
import { formatDate, joinDate, splitDate, todayIso } from "./dates";
import { errorFor, fieldId, toIpcError } from "./errors";
import { emptyForm, formFromReflection, formToInput, looksSaveable, parseTagKey, tagKey, toggleTag } from "./form";
import { isFiltered, noFilters, toQuery } from "./query";
import type { FrameworkOverview } from "../bindings/FrameworkOverview";
import type { Reflection } from "../bindings/Reflection";

describe("dates", () => {
  it.each([
    ["2026-03-07", { day: "7", month: "3", year: "2026" }],
    ["2026-12-31", { day: "31", month: "12", year: "2026" }],
    ["nonsense", { day: "", month: "", year: "" }],
  ])("splits %s", (iso, parts) => expect(splitDate(iso)).toEqual(parts));

  it.each([
    [{ day: "7", month: "3", year: "2026" }, "2026-03-07"],
    [{ day: " 31 ", month: "12", year: "2026" }, "2026-12-31"],
    [{ day: "", month: "", year: "" }, ""],
    [{ day: "31", month: "2", year: "2026" }, "2026-02-31"], // the server says it is not a real date
  ])("joins %o", (parts, iso) => expect(joinDate(parts)).toBe(iso));

  it("formats dates the NHS way", () => {
    expect(formatDate("2026-03-07")).toBe("7 March 2026");
    expect(todayIso(new Date(2026, 0, 5))).toBe("2026-01-05");
  });
});

describe("errors", () => {
  it.each([
    [{ kind: "invalid", message: "Enter a title", field: "title" }, { kind: "invalid", message: "Enter a title", field: "title" }],
    ["boom", { kind: "internal", message: "boom", field: null }],
    [new Error("lost"), { kind: "internal", message: "lost", field: null }],
  ])("normalises %o", (thrown, want) => expect(toIpcError(thrown)).toEqual(want));

  it.each([
    ["title", "title", "Enter a title"],
    ["body.feelings", "body", "Enter a title"],
    ["tags[2]", "tags", "Enter a title"],
    ["title", "event_date", null],
    ["titles", "title", null],
  ])("error on %s shows for %s", (errField, field, want) =>
    expect(errorFor({ kind: "invalid", message: "Enter a title", field: errField }, field)).toBe(want),
  );

  it("makes element ids from fields", () => expect(fieldId("body.action_plan")).toBe("field-body-action_plan"));
});

describe("reflection form", () => {
  it("starts private, free text, dated today", () => {
    const f = emptyForm("2026-11-22", "new:x");
    expect(f.visibility).toBe("private");
    expect(f.model).toBe("free");
    expect(formToInput(f)).toEqual({
      ok: true,
      input: {
        id: null, title: "", event_date: "2026-11-22", model: "free", body: {}, tags: [],
        visibility: "private", cpd_hours: null, cpd_participatory: false,
      },
    });
  });

  it.each([
    ["", null],
    ["1.5", 1.5],
    [" 2 ", 2],
  ])("reads CPD hours %j", (raw, hours) => {
    const r = formToInput({ ...emptyForm("2026-11-22", "k"), cpdHours: raw });
    expect(r.ok && r.input.cpd_hours).toBe(hours);
  });

  it("rejects CPD hours that are not a number, naming the field", () => {
    const r = formToInput({ ...emptyForm("2026-11-22", "k"), cpdHours: "two" });
    expect(r).toEqual({ ok: false, error: { kind: "invalid", field: "cpd_hours", message: "CPD hours must be a number, like 1.5" } });
  });

  it("drops empty answers but keeps what was typed", () => {
    const f = { ...emptyForm("2026-11-22", "k"), body: { reflection: "text", other: "  " } };
    const r = formToInput(f);
    expect(r.ok && r.input.body).toEqual({ reflection: "text" });
  });

  it.each([
    [{ framework_id: "nhs-somerset", value_key: "self-awareness", behaviour_key: null }, "nhs-somerset/self-awareness"],
    [{ framework_id: "nhs-somerset", value_key: "self-awareness", behaviour_key: "sa-feedback" }, "nhs-somerset/self-awareness/sa-feedback"],
  ])("round-trips tag keys", (ref, key) => {
    expect(tagKey(ref)).toBe(key);
    expect(parseTagKey(key)).toEqual(ref);
  });

  it.each([
    [[], "f/v/b", ["f/v", "f/v/b"]],
    [["f/v", "f/v/b"], "f/v", []],
    [["f/v", "f/v/b"], "f/v/b", ["f/v"]],
    [["f/w"], "f/v", ["f/v", "f/w"]],
  ])("toggles %j with %s", (tags, key, want) => expect(toggleTag(tags, key)).toEqual(want));

  it("needs a title before autosave tries a real save", () => {
    expect(looksSaveable(emptyForm("2026-11-22", "k"))).toBe(false);
    expect(looksSaveable({ ...emptyForm("2026-11-22", "k"), title: "T" })).toBe(true);
  });

  it("edits a saved reflection under its own id", () => {
    const r: Reflection = {
      id: "id1", title: "T", event_date: "2026-01-02", model: "gibbs", body: { feelings: "x" },
      tags: [{ framework_id: "f", framework_revision: 1, value_key: "v", value_name: "V", behaviour_key: null, behaviour_text: null }],
      visibility: "shared", cpd_hours: 1, cpd_participatory: true, created_at: "", updated_at: "", revision: 1, deleted_at: null,
    };
    const f = formFromReflection(r);
    expect(f.draftKey).toBe("id1");
    expect(formToInput(f)).toEqual({
      ok: true,
      input: { id: "id1", title: "T", event_date: "2026-01-02", model: "gibbs", body: { feelings: "x" },
        tags: [{ framework_id: "f", value_key: "v", behaviour_key: null }], visibility: "shared", cpd_hours: 1, cpd_participatory: true },
    });
  });
});

describe("autosave", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("saves once, a delay after the last change", async () => {
    const save = vi.fn(() => Promise.resolve());
    const a = createAutosaver(save, 1000);
    a.schedule();
    await vi.advanceTimersByTimeAsync(600);
    a.schedule();
    await vi.advanceTimersByTimeAsync(600);
    expect(save).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(500);
    expect(save).toHaveBeenCalledTimes(1);
  });

  it("flush saves a pending change at once", async () => {
    const save = vi.fn(() => Promise.resolve());
    const a = createAutosaver(save, 1000);
    a.schedule();
    await a.flush();
    expect(save).toHaveBeenCalledTimes(1);
    expect(a.pending()).toBe(false);
  });

  it("flush waits for a save already running (regression: Save during the first autosave made a duplicate)", async () => {
    let finish: () => void = () => undefined;
    const order: string[] = [];
    const save = vi.fn(
      () =>
        new Promise<void>((resolve) => {
          order.push("save started");
          finish = () => {
            order.push("save finished");
            resolve();
          };
        }),
    );
    const a = createAutosaver(save, 10);
    a.schedule();
    await vi.advanceTimersByTimeAsync(20); // the autosave is now running
    const flushed = a.flush().then(() => order.push("flush returned"));
    await vi.advanceTimersByTimeAsync(0);
    expect(order).toEqual(["save started"]);
    finish();
    await flushed;
    expect(order).toEqual(["save started", "save finished", "flush returned"]);
    expect(save).toHaveBeenCalledTimes(1);
  });

  it("a change made during a save is saved once, right after it (regression: the pending timer saved it again)", async () => {
    let finish: () => void = () => undefined;
    const save = vi.fn(
      () =>
        new Promise<void>((resolve) => {
          finish = resolve;
        }),
    );
    const a = createAutosaver(save, 1000);
    a.schedule();
    await vi.advanceTimersByTimeAsync(1000); // the first save is running
    a.schedule(); // typing goes on meanwhile
    finish();
    await vi.advanceTimersByTimeAsync(0);
    expect(save).toHaveBeenCalledTimes(2); // the change is saved right after the first save
    finish();
    await vi.advanceTimersByTimeAsync(5000);
    expect(save).toHaveBeenCalledTimes(2); // and not a third time when its timer would have fired
  });

  it("keeps saving after a failed save", async () => {
    const save = vi.fn().mockRejectedValueOnce(new Error("disk")).mockResolvedValue(undefined);
    const a = createAutosaver(save, 10);
    a.schedule();
    await vi.advanceTimersByTimeAsync(20);
    a.schedule();
    await vi.advanceTimersByTimeAsync(20);
    expect(save).toHaveBeenCalledTimes(2);
  });
});

describe("values chart", () => {
  const f: FrameworkOverview = {
    framework_id: "f", name: "F values", kind: "organisation", in_use: true,
    values: [
      { key: "a", name: "A", count: 4, latest: null, behaviours: [] },
      { key: "b", name: "B", count: 1, latest: null, behaviours: [] },
      { key: "c", name: "C", count: 0, latest: null, behaviours: [] },
    ],
  };
  it("scales bars to the largest count and marks gaps", () => {
    expect(valueBars(f).map((b) => [b.label, b.percent, b.gap])).toEqual([["A", 100, false], ["B", 25, false], ["C", 0, true]]);
  });
  it("describes the chart in words", () => {
    expect(chartSummary(f)).toBe("Reflections per value in F values. A: 4; B: 1; C: 0. No reflections yet for C.");
  });
});

describe("journal filters", () => {
  it("maps the screen's filters to a query", () => {
    expect(toQuery({ ...noFilters, text: " handover ", value: "f/v/b", theme: "nmc-code/preserve-safety", visibility: "shared" })).toEqual({
      text: "handover ",
      as_you_type: true,
      tags: [
        { framework_id: "f", value_key: "v", behaviour_key: "b" },
        { framework_id: "nmc-code", value_key: "preserve-safety", behaviour_key: null },
      ],
      from: null, to: null, visibility: "shared", model: null, deleted: false, limit: 200,
    });
    expect(toQuery({ ...noFilters, model: "gibbs" }).limit).toBeNull();
    // The word being typed is left open (a prefix once it has three letters); a space closes it.
    expect(toQuery({ ...noFilters, text: "  escal" }).text).toBe("escal");
    expect(toQuery({ ...noFilters, text: "   " }).text).toBeNull();
    expect(isFiltered(noFilters)).toBe(false);
    expect(isFiltered({ ...noFilters, model: "nmc" })).toBe(true);
  });
});
