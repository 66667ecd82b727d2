//! Sample packs: the appraiser's side of a remote review made with a key of their own (so a
//! sample agreed appraisal carries two real key signatures), and many agreed packs from
//! different colleagues for the HR benchmark and tests.

use chrono::{Days, NaiveDate};
use ed25519_dalek::SigningKey;

use super::{Rng, FIRST_NAMES, LAST_NAMES};
use crate::appraisal::{Answer, Ksf, Part, Role};
use crate::error::{Error, Result};
use crate::format::pack::{seal, PackBodyV2, SenderV2};
use crate::format::parts::{part_name, section_part};
use crate::format::record::decode;
use crate::format::signature::{SignatureV1, Signer};
use crate::pack::Purpose;
use crate::store::now_utc;
use crate::Store;

/// A deterministic appraiser key for a seed (samples only).
pub fn appraiser_key(seed: u64) -> SigningKey {
    let mut rng = Rng::new(seed ^ 0xA99A_15E5);
    let mut bytes = [0u8; 32];
    for chunk in bytes.chunks_mut(8) {
        chunk.copy_from_slice(&rng.next_u64().to_le_bytes());
    }
    SigningKey::from_bytes(&bytes)
}

/// The reviewed pack an appraiser holding `key` sends back for my appraisal `id` (submitted, in
/// review): the pack for review as they would receive it, signed by them.
pub fn appraiser_signs(
    store: &mut Store,
    id: &str,
    key: &SigningKey,
    today: NaiveDate,
) -> Result<String> {
    let body = store.my_pack_body(id, Purpose::ForReview, today)?;
    let content = decode(&body.record, &body.parts)?.content;
    let digest = body.record.digest()?;
    let sig = SignatureV1::sign(
        key,
        &digest,
        &Signer {
            role: Role::Appraiser,
            name: &content.appraiser_name,
            job_title: &content.appraiser_job_title,
            signed_at: &now_utc(),
        },
    )?;
    seal(
        PackBodyV2 {
            purpose: Purpose::Reviewed.as_str().into(),
            created_at: now_utc(),
            sender: SenderV2 {
                role: Role::Appraiser.as_str().into(),
                name: content.appraiser_name.clone(),
                job_title: content.appraiser_job_title.clone(),
            },
            signatures: vec![sig],
            ..body
        },
        key,
    )
}

fn key_from(rng: &mut Rng) -> SigningKey {
    let mut bytes = [0u8; 32];
    for chunk in bytes.chunks_mut(8) {
        chunk.copy_from_slice(&rng.next_u64().to_le_bytes());
    }
    SigningKey::from_bytes(&bytes)
}

/// `count` realistic agreed packs from different colleagues, spread over `teams` (department,
/// team), made from one real agreed appraisal in `store` (set up, with a profile): each has its
/// own colleague key, appraiser key, name, team, employee number, appraisal and pay-step answers,
/// and is sealed and signed properly by both, so an import checks it in full. Deterministic for
/// a seed.
pub fn agreed_packs(
    store: &mut Store,
    count: usize,
    seed: u64,
    teams: &[(&str, &str)],
    today: NaiveDate,
) -> Result<Vec<String>> {
    let id = super::agreed_appraisal(store, today, 3, seed)?;
    let template = store.my_pack_body(&id, Purpose::Agreed, today)?;
    let base = decode(&template.record, &template.parts)?.content;
    let mut rng = Rng::new(seed);
    let mut out = Vec::with_capacity(count);
    for i in 0..count {
        let colleague = key_from(&mut rng);
        let appraiser = key_from(&mut rng);
        let (department, team) = teams[i % teams.len().max(1)];
        let name = format!(
            "{} {}",
            FIRST_NAMES[rng.below(FIRST_NAMES.len())],
            LAST_NAMES[rng.below(LAST_NAMES.len())]
        );
        let mut held = crate::format::pack::Held {
            state: crate::appraisal::AppraisalState::Agreed,
            created_at: now_utc(),
            record: template.record.clone(),
            parts: template.parts.clone(),
            signatures: Vec::new(),
        };
        let r = &mut held.record;
        r.appraisal_id = format!("{:08x}-1111-7000-8000-{:012x}", seed as u32, i);
        r.colleague_key = crate::format::pack::public_key_b64(&colleague);
        r.details.name = name.clone();
        r.details.team = team.to_string();
        r.details.department = department.to_string();
        r.details.employee_number = format!("{:08}", 10_000_000 + i);
        let mut c = base.clone();
        c.pay_step.training = if rng.below(4) == 0 {
            Answer::No
        } else {
            Answer::Yes
        };
        for (j, item) in c.development_plan.iter_mut().enumerate() {
            item.ksf = Some(Ksf::ALL[(i + j) % Ksf::ALL.len()]);
        }
        for part in [Part::PayStep, Part::Plan] {
            held.replace_part(part_name(part), section_part(&c, part)?)?;
        }
        // Agreed at different times over the last two years.
        let days = rng.below(700) as u64;
        let at = (today - Days::new(days))
            .and_hms_opt(10, 0, 0)
            .map(|t| {
                t.and_utc()
                    .to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
            })
            .ok_or_else(|| Error::Corrupt("sample date".into()))?;
        let digest = held.record.digest()?;
        let sign = |key: &SigningKey, role: Role, who: &str, job: &str| {
            SignatureV1::sign(
                key,
                &digest,
                &Signer {
                    role,
                    name: who,
                    job_title: job,
                    signed_at: &at,
                },
            )
        };
        let signatures = vec![
            sign(
                &colleague,
                Role::Colleague,
                &name,
                &held.record.details.job_title,
            )?,
            sign(
                &appraiser,
                Role::Appraiser,
                &c.appraiser_name,
                &c.appraiser_job_title,
            )?,
        ];
        out.push(seal(
            PackBodyV2 {
                purpose: Purpose::Agreed.as_str().into(),
                created_at: now_utc(),
                sender: SenderV2 {
                    role: Role::Colleague.as_str().into(),
                    name: name.clone(),
                    job_title: held.record.details.job_title.clone(),
                },
                state: "agreed".into(),
                record: held.record,
                parts: held.parts,
                signatures,
            },
            &colleague,
        )?);
    }
    Ok(out)
}
