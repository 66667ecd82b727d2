//! The strings of a pack the privacy scan does not read, and why (a test keeps the list true).

/// The strings in what a pack carries (`format::pack::Held` as JSON: paths, `[]` for any index;
/// every part's content is under `parts[].content`) that the privacy scan does not read, and why.
/// A test fills every other string and fails if the scan misses it, so a new field is either
/// scanned or listed here.
pub const NOT_SCANNED: &[(&str, &str)] = &[
    ("state", "an enum"),
    ("created_at", "a timestamp"),
    ("record.format", "the format's name"),
    ("record.appraisal_id", "an id"),
    ("record.colleague_key", "a public key"),
    (
        "record.details.name",
        "the colleague's own details (section 1)",
    ),
    (
        "record.details.job_title",
        "the colleague's own details (section 1)",
    ),
    (
        "record.details.grade",
        "the colleague's own details (section 1)",
    ),
    (
        "record.details.team",
        "the colleague's own details (section 1)",
    ),
    (
        "record.details.department",
        "the colleague's own details (section 1)",
    ),
    (
        "record.details.line_manager",
        "the colleague's own details (section 1)",
    ),
    (
        "record.details.employee_number",
        "the colleague's own details (section 1)",
    ),
    ("record.framework.id", "a framework id"),
    ("record.framework.name", "the framework's name"),
    ("record.framework.values[].key", "a value's key"),
    ("record.framework.values[].name", "a value's name"),
    ("record.coverage[].value_key", "a value's key"),
    ("record.parts[].name", "a part's name"),
    ("record.parts[].sha256", "a digest"),
    ("parts[].name", "a part's name"),
    ("parts[].salt", "a salt"),
    ("parts[].content.start", "a date"),
    ("parts[].content.end", "a date"),
    (
        "parts[].content.name",
        "the appraiser's name, shown by design",
    ),
    (
        "parts[].content.job_title",
        "the appraiser's job title, shown by design",
    ),
    ("parts[].content.meeting_date", "a date"),
    ("parts[].content.date", "a date"),
    ("parts[].content[].value_key", "a value's key"),
    ("parts[].content[].reflection_ids[]", "ids"),
    ("parts[].content[].source_id", "an id"),
    (
        "parts[].content[].text",
        "last year's objective or plan item as carried forward: not scanned today",
    ),
    (
        "parts[].content[].detail",
        "last year's measure and date as carried forward: not scanned today",
    ),
    ("parts[].content[].id", "an id"),
    ("parts[].content[].by_date", "a date"),
    ("parts[].content[].target_date", "a date"),
    ("parts[].content.id", "an id"),
    ("parts[].content.event_date", "a date"),
    ("parts[].content.cpd_hours", "a number"),
    (
        "parts[].content.tags[].framework_id",
        "a tag: framework names",
    ),
    ("parts[].content.tags[].value_key", "a tag: framework names"),
    (
        "parts[].content.tags[].value_name",
        "a tag: framework names",
    ),
    (
        "parts[].content.tags[].behaviour_key",
        "a tag: framework names",
    ),
    (
        "parts[].content.tags[].behaviour_text",
        "a tag: framework names",
    ),
    ("signatures[].statement.format", "the format's name"),
    ("signatures[].statement.record_sha256", "a digest"),
    ("signatures[].statement.role", "an enum"),
    ("signatures[].statement.name", "who signed, shown by design"),
    (
        "signatures[].statement.job_title",
        "who signed, shown by design",
    ),
    ("signatures[].statement.public_key", "a public key"),
    ("signatures[].statement.signed_at", "a timestamp"),
    ("signatures[].signature", "a signature"),
];
