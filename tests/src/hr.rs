//! Making agreed packs for the Organisation area's tests, and forging the attacks on it: a real
//! journal's agreed appraisal, sealed in pack format 2 with keys the test chooses
//! (`SealedRecord::build`, `SignatureV1::sign`, `format::pack::seal`). Until the colleague and
//! appraiser flows make format 2 packs, this is also how the honest packs are made.

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use chrono::NaiveDate;
use ed25519_dalek::{Signer as _, SigningKey};
use reflect_core::appraisal::{AppraisalContent, RecordFramework, Role};
use reflect_core::format::pack::{seal, PackBodyV2, SenderV2};
use reflect_core::format::record::{derive_salt, for_hr, RecordInput, SealedRecord};
use reflect_core::format::signature::{SignatureV1, Signer};
use reflect_core::{Profile, Reflection, Store};
use tempfile::TempDir;

/// A deterministic Ed25519 key.
pub fn key(seed: u8) -> SigningKey {
    SigningKey::from_bytes(&[seed; 32])
}

/// A key's public half, as Reflect writes it (base64).
pub fn public(key: &SigningKey) -> String {
    B64.encode(key.verifying_key().as_bytes())
}

/// A real agreed appraisal from a journal: what a pack is sealed from.
pub struct Source {
    pub _dir: TempDir,
    pub details: Profile,
    pub framework: RecordFramework,
    pub content: AppraisalContent,
    pub reflections: Vec<Reflection>,
}

/// A journal's agreed appraisal with `evidence` shared reflections and wellbeing notes.
pub fn source(today: NaiveDate, evidence: usize, seed: u64) -> Source {
    let (dir, mut store) = crate::set_up();
    let id = reflect_core::sample::agreed_appraisal(&mut store, today, evidence, seed)
        .expect("agreed appraisal");
    let a = store
        .appraisal(&id, Role::Colleague, today)
        .expect("appraisal");
    let mut content = a.content.clone();
    content.wellbeing.text = "Wellbeing: a hard winter, childcare and sleep.".into();
    content.wellbeing_shared = true;
    Source {
        _dir: dir,
        details: a.details.clone(),
        framework: a.framework.clone(),
        reflections: a.evidence.iter().flat_map(|e| e.included.clone()).collect(),
        content,
    }
}

/// How to seal a pack (the defaults make an honest one).
pub struct Seal<'a> {
    pub appraisal_id: &'a str,
    pub version: u32,
    pub colleague: &'a SigningKey,
    /// Whose key makes the appraiser's signature (a second key the colleague made, to forge).
    pub appraiser: &'a SigningKey,
    pub appraiser_name: &'a str,
    pub colleague_signed_at: &'a str,
    pub appraiser_signed_at: &'a str,
    /// Disclose every part, reflections and wellbeing included (a hostile pack): an honest pack
    /// to HR carries only HR's parts.
    pub disclose_all: bool,
    pub purpose: &'a str,
}

impl<'a> Seal<'a> {
    pub fn new(
        appraisal_id: &'a str,
        colleague: &'a SigningKey,
        appraiser: &'a SigningKey,
    ) -> Self {
        Seal {
            appraisal_id,
            version: 1,
            colleague,
            appraiser,
            appraiser_name: "Dr Ada Appraiser",
            colleague_signed_at: "2026-03-01T10:00:00Z",
            appraiser_signed_at: "2026-03-01T11:00:00Z",
            disclose_all: false,
            purpose: "agreed",
        }
    }
}

/// The sealed record of `src` (before disclosure), for digests and parts.
pub fn record(src: &Source, s: &Seal<'_>) -> SealedRecord {
    let colleague_key = public(s.colleague);
    SealedRecord::build(
        &RecordInput {
            appraisal_id: s.appraisal_id,
            version: s.version,
            colleague_key: &colleague_key,
            details: &src.details,
            framework: &src.framework,
            content: &src.content,
            reflections: &src.reflections,
        },
        &|part| derive_salt(b"test-salt-secret", s.appraisal_id, part),
    )
    .expect("build the record")
}

/// An agreed pack (format 2) of `src`, signed and sealed as `s` says.
pub fn pack(src: &Source, s: &Seal<'_>) -> String {
    let sealed = record(src, s);
    let digest = sealed.digest().expect("digest");
    let d = &src.details;
    let colleague = SignatureV1::sign(
        s.colleague,
        &digest,
        &Signer {
            role: Role::Colleague,
            name: &d.name,
            job_title: &d.job_title,
            signed_at: s.colleague_signed_at,
        },
    )
    .expect("colleague signs");
    let appraiser = SignatureV1::sign(
        s.appraiser,
        &digest,
        &Signer {
            role: Role::Appraiser,
            name: s.appraiser_name,
            job_title: "Ward manager",
            signed_at: s.appraiser_signed_at,
        },
    )
    .expect("appraiser signs");
    let parts = if s.disclose_all {
        sealed.parts.clone()
    } else {
        sealed.disclose(&for_hr)
    };
    let body = PackBodyV2 {
        purpose: s.purpose.into(),
        created_at: "2026-03-02T09:00:00Z".into(),
        sender: SenderV2 {
            role: "colleague".into(),
            name: d.name.clone(),
            job_title: d.job_title.clone(),
        },
        state: if s.purpose == "agreed" {
            "agreed"
        } else {
            "in_review"
        }
        .into(),
        record: sealed.record,
        parts,
        signatures: vec![colleague, appraiser],
    };
    seal(body, s.colleague).expect("seal")
}

/// A format 1 agreed pack (before key signatures): the sender's signature over the compact
/// body; its appraiser signature only a claim.
pub fn legacy_pack(sender: &SigningKey, appraisal_id: &str, name: &str) -> String {
    let body = serde_json::json!({
        "purpose": "agreed",
        "appraisal_id": appraisal_id,
        "colleague_id": "c-1",
        "signer": { "id": "c-1", "role": "colleague", "name": name },
        "record": { "details": { "name": name } },
        "signatures": [
            { "role": "colleague", "name": name, "signed_at": "2025-03-01T10:00:00Z" },
            { "role": "appraiser", "name": "Dr Nobody", "signed_at": "2025-03-01T11:00:00Z" }
        ],
        "agreed_at": "2025-03-01T11:00:00Z"
    });
    let compact = serde_json::to_string(&body).expect("json");
    let signature = sender.sign(compact.as_bytes());
    format!(
        "{{\"format\":\"reflect-appraisal-pack\",\"format_version\":1,\"body\":{compact},\"public_key\":\"{}\",\"signature\":\"{}\"}}\n",
        public(sender),
        B64.encode(signature.to_bytes())
    )
}

/// An Organisation area, switched on, in its own journal.
pub fn hr_store() -> (TempDir, Store) {
    let (dir, mut store) = crate::fresh();
    store.set_organisation_area(true).expect("area on");
    (dir, store)
}

/// Every table HR writes, with its row count.
pub fn hr_counts(store: &Store) -> Vec<(&'static str, i64)> {
    let conn = rusqlite::Connection::open(store.path()).expect("second connection");
    [
        "hr_appraisal",
        "hr_superseded",
        "hr_count",
        "hr_held",
        "trusted_key",
    ]
    .into_iter()
    .map(|t| {
        let n: i64 = conn
            .query_row(&format!("SELECT count(*) FROM {t}"), [], |r| r.get(0))
            .expect("count");
        (t, n)
    })
    .collect()
}
