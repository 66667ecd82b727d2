import type { IpcError } from "../bindings/IpcError";
import { longDatesIn } from "./dates";

/** Normalise anything thrown by an IPC call into the one error shape the views understand. */
export function toIpcError(e: unknown): IpcError {
  if (typeof e === "object" && e !== null && "kind" in e && "message" in e) {
    const o = e as { kind: unknown; message: unknown; field?: unknown };
    return {
      kind: String(o.kind),
      message: plainMessage(String(o.message)),
      field: typeof o.field === "string" ? o.field : null,
    };
  }
  if (typeof e === "string") return { kind: "internal", message: e, field: null };
  if (e instanceof Error) return { kind: "internal", message: e.message, field: null };
  return { kind: "internal", message: "Something went wrong. Your work on screen has not been lost.", field: null };
}

/** The message to show beside `field`, if the error is about it. */
export function errorFor(error: IpcError | null, field: string): string | null {
  if (!error || !error.field) return null;
  return error.field === field || error.field.startsWith(field + ".") || error.field.startsWith(field + "[")
    ? error.message
    : null;
}

/** The element id that shows a field (used by the error summary's links). */
export function fieldId(field: string): string {
  return "field-" + field.replace(/[^a-zA-Z0-9_]+/g, "-").replace(/-+$/, "");
}

/** One problem to show: beside its field (when it names one) and in the error summary. */
export interface FieldError {
  field: string | null;
  message: string;
}

/** A message as staff read it on screen: dates in the long form, and none of what is meant for
 * the command line (the format to type a date in, or the value echoed back as "(found '…')"). */
export function plainMessage(message: string): string {
  return longDatesIn(
    message
      .replace(/ written as YYYY-MM-DD, like \d{4}-\d{2}-\d{2}/g, "")
      .replace(/; found [^)]*\)/g, ")")
      .replace(/ \(found [^)]*\)/g, ""),
  );
}

/** Every problem to list when the server refused: the ones the form found itself, in the order
 * it shows them, then the server's own if it is about another field. The server has the last
 * word: with no refusal from it there is nothing to list. */
export function allErrors(server: IpcError | null, local: FieldError[]): FieldError[] {
  if (!server) return [];
  const own: FieldError = { field: server.field, message: server.message };
  if (!server.field || server.kind !== "invalid") return [own];
  const listed = local.some((e) => e.field === server.field);
  return listed ? local.map((e) => (e.field === server.field ? own : e)) : [...local, own];
}

/** The message beside `field` from a list of problems (the field itself or a part of it). */
export function messageFor(errors: FieldError[], field: string): string | null {
  const e = errors.find((x) => x.field === field || !!x.field?.startsWith(field + ".") || !!x.field?.startsWith(field + "["));
  return e ? e.message : null;
}

/** The ids an error summary link may go to, the most specific first: "objectives[1].measure" ->
 * the measure of objective 2, then objective 2, then the objectives. */
export function targetIds(field: string): string[] {
  const ids: string[] = [];
  let f = field;
  for (;;) {
    const id = fieldId(f);
    if (!ids.includes(id)) ids.push(id);
    const cut = Math.max(f.lastIndexOf("."), f.lastIndexOf("["));
    if (cut <= 0) return ids;
    f = f.slice(0, cut);
  }
}
