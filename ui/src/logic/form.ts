import type { IpcError } from "../bindings/IpcError";
import type { Reflection } from "../bindings/Reflection";
import type { ReflectionInput } from "../bindings/ReflectionInput";
import type { ReflectiveModel } from "../bindings/ReflectiveModel";
import type { TagRef } from "../bindings/TagRef";
import type { Visibility } from "../bindings/Visibility";
import { joinDate, splitDate, todayIso, type DateParts } from "./dates";

/** The editor's state: what is on screen, kept as typed (strings) so nothing is lost. */
export interface ReflectionForm {
  id: string | null;
  /** Where unsaved work is kept: the reflection id, or "new:<random>" before the first save. */
  draftKey: string;
  title: string;
  date: DateParts;
  model: ReflectiveModel;
  body: Record<string, string>;
  /** Tag keys (see tagKey). */
  tags: string[];
  visibility: Visibility;
  cpdHours: string;
  participatory: boolean;
}

export function newDraftKey(random: () => string = () => crypto.randomUUID()): string {
  return "new:" + random();
}

export function emptyForm(today: string = todayIso(), draftKey: string = newDraftKey()): ReflectionForm {
  return {
    id: null,
    draftKey,
    title: "",
    date: splitDate(today),
    model: "free",
    body: {},
    tags: [],
    visibility: "private",
    cpdHours: "",
    participatory: false,
  };
}

/** "framework/value" or "framework/value/behaviour". */
export function tagKey(t: TagRef): string {
  return t.behaviour_key ? `${t.framework_id}/${t.value_key}/${t.behaviour_key}` : `${t.framework_id}/${t.value_key}`;
}

export function parseTagKey(key: string): TagRef {
  const [framework_id = "", value_key = "", behaviour_key] = key.split("/");
  return { framework_id, value_key, behaviour_key: behaviour_key ?? null };
}

export function formFromReflection(r: Reflection): ReflectionForm {
  return {
    id: r.id,
    draftKey: r.id,
    title: r.title,
    date: splitDate(r.event_date),
    model: r.model,
    body: { ...r.body },
    tags: r.tags.map((t) => tagKey(t)),
    visibility: r.visibility,
    cpdHours: r.cpd_hours === null ? "" : String(r.cpd_hours),
    participatory: r.cpd_participatory,
  };
}

export type Checked = { ok: true; input: ReflectionInput } | { ok: false; error: IpcError };

/** Turn the form into what the server saves. Only checks the browser must do (a number that is
 * not a number); every rule is enforced by the Rust side, which names the field. */
export function formToInput(form: ReflectionForm): Checked {
  let cpd: number | null = null;
  const raw = form.cpdHours.trim();
  if (raw !== "") {
    cpd = Number(raw);
    if (!Number.isFinite(cpd)) {
      return { ok: false, error: { kind: "invalid", field: "cpd_hours", message: "CPD hours must be a number, like 1.5" } };
    }
  }
  return {
    ok: true,
    input: {
      id: form.id,
      title: form.title,
      event_date: joinDate(form.date),
      model: form.model,
      body: Object.fromEntries(Object.entries(form.body).filter(([, v]) => v.trim() !== "")),
      tags: form.tags.map(parseTagKey),
      visibility: form.visibility,
      cpd_hours: cpd,
      cpd_participatory: form.participatory,
    },
  };
}

/** Whether an autosave should try a real save (a title is the one thing a new reflection needs). */
export function looksSaveable(form: ReflectionForm): boolean {
  return form.title.trim() !== "" && joinDate(form.date).length === 10;
}

/** Toggle a value tag or a behaviour tag. Ticking a behaviour also ticks its value; unticking a
 * value unticks its behaviours. */
export function toggleTag(tags: string[], key: string): string[] {
  const set = new Set(tags);
  const ref = parseTagKey(key);
  if (set.has(key)) {
    set.delete(key);
    if (!ref.behaviour_key) {
      for (const t of tags) if (t.startsWith(key + "/")) set.delete(t);
    }
  } else {
    set.add(key);
    if (ref.behaviour_key) set.add(`${ref.framework_id}/${ref.value_key}`);
  }
  return [...set].sort();
}
