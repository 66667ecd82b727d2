//! The privacy check, on tables of true and false positives for every kind and the shapes the
//! issue lists, the suggested rewrites, the advice, and fixes refused against changed text.

use reflect_core::privacy::{
    advise_text, check_text, fix_reflection, fix_text, is_valid_nhs_number, FindingKind, FixTarget,
};

#[test]
fn nhs_numbers_are_checked_with_modulus_11() {
    let cases = [
        ("9434765919", true),
        ("943 476 5919", true),
        ("943-476-5919", true),
        ("4010232137", true),
        ("9434765918", false),  // wrong check digit
        ("943476591", false),   // nine digits
        ("94347659190", false), // eleven digits
        ("1234567890", false),  // check digit would be 10: never issued
        ("943 476 591x", false),
    ];
    for (s, valid) in cases {
        assert_eq!(is_valid_nhs_number(s), valid, "{s}");
    }
}

fn found(text: &str) -> Vec<(FindingKind, String)> {
    check_text("body.reflection", text)
        .into_iter()
        .map(|f| (f.kind, f.matched))
        .collect()
}

#[test]
fn finds_each_kind_in_the_shapes_staff_write_it() {
    use FindingKind::*;
    let cases: &[(&str, &[(FindingKind, &str)])] = &[
        (
            "Patient's NHS number is 943 476 5919.",
            &[(NhsNumber, "943 476 5919")],
        ),
        (
            "NHS no 9434765919 on the wristband",
            &[(NhsNumber, "9434765919")],
        ),
        (
            "NHS number (9434 765 919) copied oddly",
            &[(NhsNumber, "9434 765 919")],
        ),
        (
            "DOB 12/03/1950, admitted overnight",
            &[(DateOfBirth, "12/03/1950")],
        ),
        (
            "date of birth: 3rd March 1948",
            &[(DateOfBirth, "3rd March 1948")],
        ),
        ("born 1961-03-03 in Taunton", &[(DateOfBirth, "1961-03-03")]),
        ("DOB 03-Mar-1961", &[(DateOfBirth, "03-Mar-1961")]),
        ("D.O.B. 03031961 on the label", &[(DateOfBirth, "03031961")]),
        (
            "she was born on the 3rd of March 1961",
            &[(DateOfBirth, "3rd of March 1961")],
        ),
        ("dob 3.3.61", &[(DateOfBirth, "3.3.61")]),
        (
            "The old notes said 14/02/1937 on the front",
            &[(DateOfBirth, "14/02/1937")],
        ),
        ("MRN: 00123456", &[(HospitalNumber, "00123456")]),
        (
            "PAS no. RBA1234567 on the form",
            &[(HospitalNumber, "RBA1234567")],
        ),
        (
            "unit no. 123-4567 was wrong",
            &[(HospitalNumber, "123-4567")],
        ),
        ("patient ID K123 4567", &[(HospitalNumber, "K123 4567")]),
        (
            "CRN 7654321 for the research bloods",
            &[(HospitalNumber, "7654321")],
        ),
        (
            "the patient in bed 12 was confused",
            &[(BedNumber, "bed 12")],
        ),
        ("moved to side room 3", &[(BedNumber, "side room 3")]),
        ("lives at TA1 5DA with her son", &[(Postcode, "TA1 5DA")]),
        ("postcode de22 3lz", &[(Postcode, "de22 3lz")]),
        (
            "call 07700 900123 after 5",
            &[(PhoneNumber, "07700 900123")],
        ),
        ("+44 7700 900123", &[(PhoneNumber, "+44 7700 900123")]),
        (
            "ring (01823) 344 567 please",
            &[(PhoneNumber, "(01823) 344 567")],
        ),
        ("home 01823.344.567", &[(PhoneNumber, "01823.344.567")]),
        (
            "email jane.doe@example.nhs.uk for the plan",
            &[(Email, "jane.doe@example.nhs.uk")],
        ),
        ("NI number QQ 12 34 56 C", &[]), // QQ: Q is never a first letter
        (
            "NI number AB 12 34 56 C on the form",
            &[(NiNumber, "AB 12 34 56 C")],
        ),
        ("her NINO is JK123456A", &[(NiNumber, "JK123456A")]),
        ("she lives at 12 Elm Road", &[(Address, "12 Elm Road")]),
        (
            "sent home to Flat 3, 4 High Street",
            &[(Address, "Flat 3, 4 High Street")],
        ),
        ("a 94-year-old lady", &[(Age, "94-year-old")]),
        ("aged 94 and independent", &[(Age, "aged 94")]),
        ("pt 94yo with a UTI", &[(Age, "94yo")]),
        ("he is 94 yrs", &[(Age, "94 yrs")]),
        ("a woman of ninety-six", &[(Age, "ninety-six")]),
        ("Mr Smith was anxious", &[(TitledName, "Mr Smith")]),
        ("Dr Patel reviewed", &[(TitledName, "Dr Patel")]),
        ("Mrs O’Neill asked", &[(TitledName, "Mrs O’Neill")]),
        ("saw mrs a. khan today", &[(TitledName, "mrs a. khan")]),
        ("Mr da Silva went home", &[(TitledName, "Mr da Silva")]),
        ("Dr van der Berg agreed", &[(TitledName, "Dr van der Berg")]),
        ("Mr Bell's heart rate was 140", &[(TitledName, "Mr Bell")]),
        ("Priya's daughter rang", &[(Name, "Priya")]),
        (
            "I spoke to her son, David, at length",
            &[(Name, "her son, David")],
        ),
        (
            "John Smith on bed 4 was upset",
            &[(Name, "John Smith"), (BedNumber, "bed 4")],
        ),
        ("Will, her husband, signed the form", &[(Name, "Will")]),
        ("a lady called Margaret", &[(Name, "Margaret")]),
        (
            "I looked after Margaret who was anxious",
            &[(Name, "Margaret")],
        ),
        ("my mentor Sarah let me lead", &[(Name, "my mentor Sarah")]),
        (
            "I was buddied with Maricel on my first shift",
            &[(Name, "Maricel")],
        ),
        (
            "Priya, Tomasz and Zofia stayed late",
            &[(Name, "Priya"), (Name, "Tomasz"), (Name, "Zofia")],
        ),
        ("i was too blunt with ionela today", &[(Name, "ionela")]),
        ("On nights Reg and I did the CD check", &[(Name, "Reg")]),
        (
            "Dot, who is 93, kept trying to stand",
            &[(Name, "Dot"), (Age, "93")],
        ),
        ("Mercy phoned in sick", &[(Name, "Mercy")]),
        (
            "Chukwuemeka the porter stayed with her",
            &[(Name, "Chukwuemeka")],
        ),
        ("Thabo joined us from South Africa", &[(Name, "Thabo")]),
        (
            "spoke to mr hargreaves about his stoma",
            &[(TitledName, "mr hargreaves")],
        ),
        ("Took a call from Jamal's school nurse", &[(Name, "Jamal")]),
        (
            "Discharge letter sent to 27 Heol y Coed today",
            &[(Address, "27 Heol y Coed")],
        ),
        (
            "Home visit to 2 Mill Cottages",
            &[(Address, "2 Mill Cottages")],
        ),
        ("The man in bay C wanted to go", &[(BedNumber, "bay C")]),
        ("sam on nights is my favourite", &[(Name, "sam")]),
        (
            "on the MAU with dee and marcus we got 4 out",
            &[(Name, "dee"), (Name, "marcus")],
        ),
        (
            "Nkechi is the most organised nurse, she always has the bloods ready",
            &[(Name, "Nkechi")],
        ),
        (
            "Mr Jones, DOB 01/02/1960, NHS 401 023 2137, bed 4",
            &[
                (TitledName, "Mr Jones"),
                (DateOfBirth, "01/02/1960"),
                (NhsNumber, "401 023 2137"),
                (BedNumber, "bed 4"),
            ],
        ),
    ];
    for (text, want) in cases {
        let want: Vec<(FindingKind, String)> =
            want.iter().map(|(k, m)| (*k, m.to_string())).collect();
        assert_eq!(found(text), want, "{text}");
    }
}

#[test]
fn ignores_the_hard_negatives() {
    let clean = [
        "Ten digits that fail the check: 9434765918",
        "The NHS number on the wristband (943 476 5918) did not match.",
        "The audit on 12/03/2026 went well",
        "I worked on Ward 7 for a year",
        "stuck on the M5 for an hour",
        "we use the SBAR 2 tool",
        "we had 3 beds free and 12 staff",
        "extension 4521 on the ward",
        "the dr reviewed the mr scan",
        "Handover was late because the board was out of date.",
        "NEWS2 was 7 and GCS 14/15 so I escalated.",
        "I gave morphine 2.5mg at 14:30 and again at 0300.",
        "I am a Band 5 nurse.",
        "Datix W123456 and incident ref 01823 344567 were logged.",
        "Estates order number 30065844 and job 985071.",
        "Bleep 2114 was busy; my NMC PIN is 12A3456E and the GMC number 7012345.",
        "Somerset NHS Foundation Trust and Musgrove Park Hospital.",
        "Data from Dr Foster Intelligence.",
        "I spoke to Sister. She was supportive.",
        "I have applied for the Sister Ward Manager post.",
        "We used the Glasgow Coma Scale and looked for Parkinson's disease.",
        "Will this change my practice? I hope so. Mark the chart. May was busy.",
        "Grace and compassion matter at the end of life.",
        "A 67-year-old man came in; she was aged 84.",
        "The 12-bed bay was full.",
        "I reflected using Gibbs' cycle and Kolb's model.",
        "We gave Oramorph and Sando-K as prescribed.",
        "Hope, the therapy dog, visited today.",
        "We pre-alerted the cath lab at the Royal.",
        "The number of AKIs fell from 9 to 4.",
        "ED on 3rd May was busy.",
        "I tried the new Stryker bed for the first time.",
        "handover was rushed and she was upset",
        "Reflected on the Francis Report at our away day.",
        "It was in the Evening Post the next day.",
        "The Marie Curie nurse visited at the end of the shift.",
        "I completed the Oliver McGowan training today.",
        "Transfer to the Queen Elizabeth took 6 hours.",
        "Audit showed only 62% had a MUST score.",
        "Ambulance arrived after a 6-hour wait.",
        "Lyrica was prescribed and made him drowsy.",
        "i will ask faith in the team to decide",
        "a young man from a village just outside Keswick, and I realised we had no plan",
        "I swapped the pump for a Baxter and then found I had not been trained.",
        "We had a patient with Guillain-Barré who was deteriorating.",
        "Jack and Jill rooms keep locking each other out; I'm worried.",
        "I trained at Newton Rigg.",
    ];
    for text in clean {
        assert_eq!(found(text), vec![], "{text}");
    }
}

#[test]
fn findings_carry_their_field_position_context_and_rewrite() {
    let text = "Café talk: Mrs Évora — called 07700 900123 later";
    let f = check_text("body.what", text);
    assert_eq!(f.len(), 2);
    assert_eq!(f[0].field, "body.what");
    assert_eq!(f[0].matched, "Mrs Évora");
    assert_eq!(f[0].before, "Café talk: ");
    assert_eq!(f[0].suggestion, "the patient");
    let chars: Vec<char> = text.chars().collect();
    let at: String = chars[f[1].start as usize..f[1].end as usize]
        .iter()
        .collect();
    assert_eq!(at, "07700 900123", "offsets count characters, not bytes");
    assert!(f[1].after.starts_with(" later"));
}

#[test]
fn rewrites_read_as_plain_english() {
    let cases = [
        (
            "I spoke to her son, David, at length.",
            "I spoke to a relative, at length.",
        ),
        (
            "A 94-year-old lady was admitted.",
            "A 90-plus-year-old lady was admitted.",
        ),
        ("She was aged 94.", "She was aged over 90."),
        ("DOB 12/03/1950, admitted.", "DOB [date], admitted."),
        ("Mr Smith was anxious.", "the patient was anxious."),
        ("Dr Patel reviewed him.", "a colleague reviewed him."),
        (
            "He lives at 12 Elm Road, TA1 5DA.",
            "He lives at their home, [postcode].",
        ),
        (
            "The man in bed 4 and Ahmed in bay 2.",
            "The man in a bed and the patient in a bay.",
        ),
        ("Nothing to change here.", "Nothing to change here."),
    ];
    for (text, want) in cases {
        let f = check_text("body.x", text);
        assert_eq!(fix_text(text, &f), want, "{text}");
    }
}

#[test]
fn advises_on_combinations_that_identify_together_and_not_on_ordinary_text() {
    let advised = [
        "A 34-year-old from Dulverton with motor neurone disease was admitted.",
        "On 3rd March a patient on Ward 7 had a fall during the night.",
        "The vicar from the village church came in after the fire.",
        "A 62-year-old from Exmoor with Erdheim-Chester disease.",
    ];
    for text in advised {
        let a = advise_text("body.x", text);
        assert_eq!(a.len(), 1, "{text}: {a:?}");
        assert!(a[0].message.starts_with("Together,"), "{text}");
        assert!(a[0].parts.len() >= 2, "{text}");
        assert!(
            check_text("body.x", text).is_empty(),
            "advice is not a finding: {text}"
        );
    }
    let quiet = [
        "We looked for signs of Parkinson's disease in a 70-year-old.",
        "On 12th November we had a CQC visit. I work on Nightingale Ward.",
        "Handover was late on Ward 7.",
    ];
    for text in quiet {
        assert_eq!(advise_text("body.x", text), vec![], "{text}");
    }
}

#[test]
fn fixing_one_finding_changes_only_it_and_a_stale_target_changes_nothing() {
    let input = reflect_tests::input("Handover", "Mr Smith in bed 4 was upset.");
    let target = FixTarget {
        field: "body.reflection".into(),
        start: 12,
        matched: "bed 4".into(),
    };
    let fixed = fix_reflection(&input, Some(&target)).unwrap();
    assert_eq!(fixed.body["reflection"], "Mr Smith in a bed was upset.");
    let all = fix_reflection(&input, None).unwrap();
    assert_eq!(all.body["reflection"], "the patient in a bed was upset.");
    // The same target against the fixed text: no longer there.
    let err = fix_reflection(&fixed, Some(&target)).unwrap_err();
    assert_eq!(err.field(), Some("body.reflection"));
    assert!(err.to_string().contains("changed since the check"), "{err}");
}
