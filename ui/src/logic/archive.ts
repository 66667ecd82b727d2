// What an archive holds, in words: the lines Settings shows before an archive is saved and after
// one is imported (from the counts core gives; nothing here decides what goes).
import type { ArchiveCounts } from "../bindings/ArchiveCounts";

function n(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

export function archiveLines(c: ArchiveCounts): string[] {
  const lines = [
    `${n(c.reflections, "reflection", "reflections")} (${c.private_reflections} private, ${c.deleted_reflections} in the bin), with ${n(c.reflection_revisions, "saved version", "saved versions")}`,
    `${n(c.appraisals, "appraisal", "appraisals")} with their signatures and ${n(c.appraisal_events, "log entry", "log entries")}`,
    `${n(c.framework_revisions, "framework version", "framework versions")}, so old tags keep their wording`,
    `Revalidation: ${n(c.feedback, "feedback entry", "feedback entries")}, ${n(c.discussions, "reflective discussion", "reflective discussions")}, ${n(c.confirmations, "confirmation", "confirmations")}`,
    c.profile > 0 ? "Your profile" : "No profile",
  ];
  if (c.pdfs > 0) lines.push(`${n(c.pdfs, "PDF", "PDFs")} to read without Reflect`);
  return lines;
}
