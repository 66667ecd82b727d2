//! The privacy check, on a table of true and false positives.

use reflect_core::privacy::{check_text, is_valid_nhs_number, FindingKind};

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

#[test]
fn finds_identifying_details_and_ignores_ordinary_text() {
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
        ("Ten digits that fail the check: 9434765918", &[]),
        (
            "DOB 12/03/1950, admitted overnight",
            &[(DateOfBirth, "DOB 12/03/1950")],
        ),
        (
            "date of birth: 3rd March 1948",
            &[(DateOfBirth, "date of birth: 3rd March 1948")],
        ),
        ("The audit on 12/03/2026 went well", &[]),
        (
            "Hospital number RX1234567 was on the notes",
            &[(HospitalNumber, "Hospital number RX1234567")],
        ),
        ("MRN: 00123456", &[(HospitalNumber, "MRN: 00123456")]),
        (
            "the patient in bed 12 was confused",
            &[(BedNumber, "bed 12")],
        ),
        ("moved to side room 3", &[(BedNumber, "side room 3")]),
        ("I worked on Ward 7 for a year", &[]),
        ("lives at TA1 5DA with her son", &[(Postcode, "TA1 5DA")]),
        ("postcode de22 3lz", &[(Postcode, "de22 3lz")]),
        ("Buckingham Palace, SW1A 1AA", &[(Postcode, "SW1A 1AA")]),
        ("stuck on the M5 for an hour", &[]),
        ("we use the SBAR 2 tool", &[]),
        ("we had 3 beds free and 12 staff", &[]),
        (
            "call 07700 900123 after 5",
            &[(PhoneNumber, "07700 900123")],
        ),
        ("+44 7700 900123", &[(PhoneNumber, "+44 7700 900123")]),
        ("extension 4521 on the ward", &[]),
        (
            "email jane.doe@example.nhs.uk for the plan",
            &[(Email, "jane.doe@example.nhs.uk")],
        ),
        ("Mr Smith was anxious", &[(TitledName, "Mr Smith")]),
        ("Dr Patel reviewed", &[(TitledName, "Dr Patel")]),
        ("Mrs O’Neill asked", &[(TitledName, "Mrs O’Neill")]),
        ("the dr reviewed the mr scan", &[]),
        ("Handover was late because the board was out of date.", &[]),
        (
            "Mr Jones, DOB 01/02/1960, NHS 401 023 2137, bed 4",
            &[
                (TitledName, "Mr Jones"),
                (DateOfBirth, "DOB 01/02/1960"),
                (NhsNumber, "401 023 2137"),
                (BedNumber, "bed 4"),
            ],
        ),
    ];
    for (text, want) in cases {
        let got: Vec<(FindingKind, String)> = check_text("body.reflection", text)
            .into_iter()
            .map(|f| (f.kind, f.matched))
            .collect();
        let want: Vec<(FindingKind, String)> =
            want.iter().map(|(k, m)| (*k, m.to_string())).collect();
        assert_eq!(got, want, "{text}");
    }
}

#[test]
fn findings_carry_their_field_position_and_context() {
    let text = "Café talk: Mrs Évora — called 07700 900123 later";
    let f = check_text("body.what", text);
    assert_eq!(f.len(), 2);
    assert_eq!(f[0].field, "body.what");
    assert_eq!(f[0].matched, "Mrs Évora");
    assert_eq!(f[0].before, "Café talk: ");
    let chars: Vec<char> = text.chars().collect();
    let at: String = chars[f[1].start as usize..f[1].end as usize]
        .iter()
        .collect();
    assert_eq!(at, "07700 900123", "offsets count characters, not bytes");
    assert!(f[1].after.starts_with(" later"));
}
