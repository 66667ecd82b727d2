import type { IpcError } from "../bindings/IpcError";

/** Normalise anything thrown by an IPC call into the one error shape the views understand. */
export function toIpcError(e: unknown): IpcError {
  if (typeof e === "object" && e !== null && "kind" in e && "message" in e) {
    const o = e as { kind: unknown; message: unknown; field?: unknown };
    return {
      kind: String(o.kind),
      message: String(o.message),
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
