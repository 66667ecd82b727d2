//! The word lists the detectors read: the name lists in `core/data/names/` (see its SOURCE.md),
//! and the small hand-made lists of context words. One list each, read by everything else.

use std::collections::HashSet;
use std::sync::OnceLock;

const GIVEN: &str = include_str!("../../data/names/given.txt");
const SURNAMES: &str = include_str!("../../data/names/surnames.txt");
const SUPPLEMENT: &str = include_str!("../../data/names/supplement.txt");
const ENGLISH: &str = include_str!("../../data/words/english.txt");

struct Names {
    given: HashSet<String>,
    surnames: HashSet<String>,
}

fn names() -> &'static Names {
    static N: OnceLock<Names> = OnceLock::new();
    N.get_or_init(|| {
        let words = |s: &'static str| {
            s.lines()
                .filter(|l| !l.starts_with('#'))
                .flat_map(|l| l.split_whitespace())
                .map(str::to_lowercase)
                .collect::<Vec<_>>()
        };
        let extra = words(SUPPLEMENT);
        let mut given: HashSet<String> = words(GIVEN).iter().map(|w| folded(w)).collect();
        let mut surnames: HashSet<String> = SURNAMES
            .lines()
            .map(|l| folded(l.trim()))
            .filter(|l| !l.is_empty())
            .collect();
        given.extend(extra.iter().map(|w| folded(w)));
        surnames.extend(extra.iter().map(|w| folded(w)));
        Names { given, surnames }
    })
}

/// The word in lower case without accents ("Chloë" → "chloe"), as the lists are looked up.
fn folded(word: &str) -> String {
    word.to_lowercase()
        .chars()
        .map(|c| match c {
            'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ą' => 'a',
            'ç' | 'ć' | 'č' => 'c',
            'è' | 'é' | 'ê' | 'ë' | 'ę' | 'ě' => 'e',
            'ì' | 'í' | 'î' | 'ï' => 'i',
            'ñ' | 'ń' | 'ň' => 'n',
            'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' => 'o',
            'ù' | 'ú' | 'û' | 'ü' | 'ů' => 'u',
            'ý' | 'ÿ' => 'y',
            'ś' | 'š' | 'ş' => 's',
            'ź' | 'ż' | 'ž' => 'z',
            'ł' => 'l',
            'ğ' => 'g',
            'ř' => 'r',
            'ı' => 'i',
            '’' => '\'',
            c => c,
        })
        .collect()
}

fn listed(set: &HashSet<String>, word: &str) -> bool {
    let w = folded(word);
    set.contains(&w)
        // Hyphenated given names: "Jean-Luc", "Daisy-Mae".
        || w.split_once('-').is_some_and(|(a, b)| set.contains(a) && (set.contains(b) || b.len() >= 2))
}

/// An everyday English word (SCOWL, which keeps proper names out): "rose" and "will" are,
/// "marcus" and "sam" are not.
pub(crate) fn is_english_word(word: &str) -> bool {
    static W: OnceLock<HashSet<&'static str>> = OnceLock::new();
    W.get_or_init(|| ENGLISH.lines().collect())
        .contains(word.to_lowercase().as_str())
}

/// A given name in the lists (any case, any accents).
pub(crate) fn is_given(word: &str) -> bool {
    listed(&names().given, word)
}

/// A surname in the lists (any case, any accents).
pub(crate) fn is_surname(word: &str) -> bool {
    listed(&names().surnames, word)
}

fn set(words: &'static str) -> HashSet<&'static str> {
    words.split_whitespace().collect()
}

macro_rules! word_list {
    ($(#[$doc:meta])* $name:ident, $words:expr) => {
        $(#[$doc])*
        pub(crate) fn $name(word: &str) -> bool {
            static S: OnceLock<HashSet<&'static str>> = OnceLock::new();
            S.get_or_init(|| set($words)).contains(word.to_lowercase().as_str())
        }
    };
}

word_list!(
    /// Capitalised words that are never a person's name here, though some are in the name lists:
    /// sentence words, pronouns, days and months, clinical and NHS words, drug names that look
    /// like names, eponyms, and words that are also names (Will, Hope, Grace, May, Mark).
    not_a_name,
    "i a an the this that these those there then than and but or so if when while after before
     because as at by for from in into of on onto to with without about over under between
     he she it we they you me him her us them his hers its our their my your mine
     i'm i've i'd i'll i’m i’ve i’d i’ll everyone everybody nobody somebody someone anyone
     anybody family families relatives colleagues nurses doctors people parents carers
     who whom whose which what where why how all any each every some no not nor yes
     is was are were be been being am do does did done has have had having would shall
     should can could might must ought also just still even only very too again
     once here today tonight tomorrow yesterday now later soon always never often sometimes
     monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur thurs fri sat sun
     january february march april june july august september october november december
     jan feb mar apr jun jul aug sep sept oct nov dec
     spring summer autumn winter christmas easter
     nurse sister matron doctor dr mr mrs ms miss mx prof professor sir dame lady lord rev
     patient patients resident client carer staff team ward wards bay bed beds unit theatre theatres
     clinic surgery practice hospital hospitals trust trusts board nhs gp gps icu itu ed ae hdu ccu
     amu sau mau cdu opd ot pt slt salt sn hca hcas rn rgn rmn rnld odp mdt sbar news news2 gcs avpu
     pews mews must waterlow braden abcde dnacpr dnar respect resus dols mca lpa
     datix incident ref reference order job bleep ext extension pin nmc gmc hcpc nhsbsa
     band bands agenda change
     paracetamol ibuprofen morphine oramorph codeine tramadol oxycodone fentanyl diamorphine
     midazolam lorazepam diazepam haloperidol levetiracetam phenytoin insulin heparin enoxaparin
     dalteparin tinzaparin warfarin apixaban rivaroxaban edoxaban dabigatran clopidogrel aspirin
     ramipril lisinopril amlodipine bisoprolol atenolol furosemide bumetanide spironolactone
     digoxin metformin gliclazide omeprazole lansoprazole ondansetron cyclizine metoclopramide
     amoxicillin co-amoxiclav tazocin meropenem gentamicin vancomycin teicoplanin doxycycline
     clarithromycin flucloxacillin trimethoprim nitrofurantoin ceftriaxone cefalexin
     salbutamol ipratropium prednisolone hydrocortisone dexamethasone levothyroxine
     sertraline citalopram fluoxetine mirtazapine amitriptyline gabapentin pregabalin
     quetiapine olanzapine risperidone aripiprazole clozapine lithium valproate
     sando-k oxygen saline hartmann hartmann's dextrose
     glasgow parkinson parkinson's alzheimer alzheimer's crohn crohn's addison addison's
     cushing cushing's hodgkin hodgkin's huntington huntington's down down's asperger asperger's
     guillain barre barré bell bell's raynaud raynaud's sjogren sjögren's tourette tourette's
     graves graves' hashimoto hashimoto's kawasaki meniere ménière's wernicke korsakoff
     babinski apgar waterlow braden caldicott gillick fraser bolam montgomery duchenne
     royal general district infirmary county memorial city university junior senior
     queen king prince princess curie macmillan ryder
     london chester lincoln preston devon kent chelsea paris sydney camden clifton bradford
     richmond dudley wellington trent york somerset cornwall dorset essex surrey sussex
     nightingale seacole florence gibbs kolb rolfe schon schön johns driscoll borton
     english british welsh scottish irish polish muslim christian jewish hindu sikh
     covid covid-19 flu norovirus sepsis mrsa c.diff cdiff
     kind compassion respect dignity integrity courage commitment care caring excellence
     together inclusive open honest safe safety quality learning improvement wellbeing"
);

word_list!(
    /// Names that are also everyday words: a name only where the context says so
    /// ("her son, Will,"), never from the name lists alone.
    also_a_word,
    "will hope grace may mark faith joy patience charity honor honour prudence constance
     rose lily daisy iris holly ivy hazel heather amber ruby pearl jade crystal dawn summer
     bill sue pat art rob bob chase grant hunter price rich sterling frank earnest ward bay
     bell page case long short young old green brown white black gray grey king little
     baker cook mason carter hall wood hill lane field rivers brook ford may june april
     august sunny sky storm river ocean star angel precious blessing glory lucky sonny
     major miles penny rich noble sage scarlet violet autumn eve christian don dean
     baby bars can else even job kin line lot name nil nine oral per said tea unique valid
     van sister drew chase royal general jack"
);

word_list!(
    /// Words after which a capitalised word is not a name: a place, service or team.
    institution_word,
    "ward wards unit units hospital hospitals house centre center trust trusts road street lane
     avenue building wing suite theatre theatres clinic practice surgery foundation award awards
     syndrome disease scale score sign test criteria classification method model programme program
     fund appeal school college university institute intelligence team service services group
     network partnership alliance board committee hub lounge room rooms court place park
     health healthcare care nhs medical ltd limited plc society association council cup
     road rd street st avenue ave lane close drive way crescent terrace grove gardens square
     mews parade row walk rise view hill park green
     sequence palsy manoeuvre maneuver procedure operation fracture tube catheter line
     criteria position technique anomaly phenomenon reflex ratio formula equation rule law
     effect cycle station airport church chapel stedy plus hoist report inquiry review
     training course module post echo herald gazette times telegraph argus chronicle mercury"
);

word_list!(
    /// Family and other relationships that put a name in context either side.
    relation_word,
    "son daughter wife husband partner mother father mum mom dad mam mummy daddy brother sister
     carer grandson granddaughter grandchild grandmother grandfather grandma grandad granny nan nanna
     niece nephew aunt auntie uncle cousin friend neighbour neighbor fiance fiancé fiancee fiancée
     stepson stepdaughter stepmother stepfather sibling twin widow widower child children kids
     baby boyfriend girlfriend spouse relative parents parent"
);

word_list!(
    /// Words after which the next capitalised word is the person being described.
    person_word,
    "patient pt resident client gentleman gent lady man woman girl boy baby child toddler teenager
     called named known calls call"
);

word_list!(
    /// What people do, after a given name that is its subject ("Sarah was upset").
    person_verb,
    "was is had has said says told asked felt feels seemed kept wanted wants became refused
     died fell cried shouted rang phoned came went looked needed needs thanked complained
     explained agreed disagreed declined consented lives lived stayed waited arrived left
     smiled laughed remembered forgot worried struggled managed walked sat woke swung
     screamed vomited collapsed deteriorated improved recovered settled ate drank slept pulled
     tried missed attended presented spotted made did got took gave showed brought started
     stopped asks asked began needed loved hated enjoyed knew thought believed insisted
     didnt wasnt isnt doesnt cant wont couldnt wouldnt hasnt
     became wasn't isn't didn't doesn't hadn't couldn't wouldn't won't can't"
);

word_list!(
    /// Function words: never part of a street's name ("gave 2 doses via the Park").
    function_word,
    "i a an the this that these those there then than and but or so if when while after before
     because as at by for from in into of on onto to with without about over under between
     he she it we they you me him her us them his hers its our their my your
     is was are were be been being am do does did has have had would should can could might must
     doses dose tablets units hours minutes days weeks times patients beds staff"
);

word_list!(
    /// Words that are also names but, as the subject of a sentence, are more often the
    /// word ("Hope is important", "May was busy"): never a name from a verb after them.
    abstract_word,
    "hope faith joy patience charity honour honor prudence constance may june april august
     summer autumn winter dawn sunny sky storm river ocean star angel precious blessing glory
     lucky penny major sage case page long short young old little"
);

word_list!(
    /// Words after which the next capitalised word is a person even if no list holds the name:
    /// "buddied with Maricel", "supporting Krisztina", "spoke to Tamsin".
    person_taker,
    "with by supporting supported support thanked thank asked ask told tell helped help
     called rang phoned reassured visited visit buddied alongside met meet saw see
     escorted accompanied mentoring mentored precepting assessing supervising teaching taught
     nursed nursing treating treated examined reviewed admitted discharged"
);

word_list!(
    /// Jobs that put a colleague's name after them ("my mentor Sarah", "the driver, Kieran").
    role_word,
    "mentor student preceptor preceptee colleague driver manager supervisor educator clerk
     receptionist porter cleaner hca nurse midwife physio physiotherapist doctor consultant
     registrar reg sho f1 f2 fy1 fy2 gp pharmacist technician assistant coordinator lead
     matron therapist paramedic sonographer phlebotomist chaplain housekeeper secretary
     volunteer interpreter buddy trainee apprentice cns anp acp odp sho rn hv slt ot gp"
);

word_list!(
    /// Everyday words that the name lists also hold ("said", "long"); never a lower-case name.
    common_word,
    "said long young rich king hall wood hill lane field brook ford may will hope case page
     bell price grant hunter chase mark rose gray grey brown green white black little short
     tall strong bold bright early late bay ward young old new best good well wise love
     sage star sunny summer winter fair dean bishop miller baker cook mason carter taylor
     cash major noble royal sterling sweet honey love joy"
);

word_list!(
    /// Titles that precede a name. Abbreviations may take a full stop; whole words may not
    /// ("Sister. She" is a sentence end).
    title_word,
    "mr mrs ms miss mx dr prof professor sister nurse matron doctor rev reverend sir dame lord
     lady master"
);

word_list!(
    /// Titles written as abbreviations, which may be followed by a full stop.
    title_abbreviation,
    "mr mrs ms mx dr prof rev"
);

word_list!(
    /// Lower-case particles inside surnames: "da Silva", "van der Berg", "al-Hassan".
    particle,
    "da de del della der di do dos du van von la le al el bin binti ibn ap mac mc st"
);

word_list!(
    /// Labels before a number that make it a reference, a staff identifier or a device number,
    /// never a patient's: they suppress phone, NHS and date findings right after them.
    reference_word,
    "datix incident ref reference order job invoice batch lot serial ticket case log bleep
     pager ext extension pin nmc gmc hcpc gphc registration reg badge employee payroll staff
     assignment purchase po requisition asset"
);

/// Words naming a street, after a house number and a street name (a regex alternation).
pub(crate) const STREET_WORDS: &str = "road|rd|street|st|avenue|ave|lane|ln|close|drive|dr|way|crescent|cres|court|ct|place|pl|grove|gardens|gdns|terrace|tce|hill|park|row|walk|mews|square|sq|green|rise|view|parade|boulevard|gate|yard|wharf|vale|meadows?|fields|croft|cottages|buildings|villas|mansions|flats";

/// Rare conditions, which with an age or a place could identify someone together (lower case,
/// matched as whole words).
pub(crate) const RARE_CONDITIONS: &[&str] = &[
    "progeria",
    "huntington's",
    "huntingtons",
    "huntington's disease",
    "creutzfeldt-jakob",
    "cjd",
    "guillain-barré",
    "guillain-barre",
    "myasthenia gravis",
    "ehlers-danlos",
    "marfan",
    "pompe",
    "fabry",
    "gaucher",
    "niemann-pick",
    "wilson's disease",
    "batten disease",
    "rett syndrome",
    "fragile x",
    "prader-willi",
    "angelman",
    "williams syndrome",
    "duchenne",
    "friedreich's ataxia",
    "motor neurone disease",
    "mnd",
    "als",
    "sarcoidosis",
    "scleroderma",
    "amyloidosis",
    "porphyria",
    "acromegaly",
    "phenylketonuria",
    "tay-sachs",
    "mesothelioma",
    "cholangiocarcinoma",
    "glioblastoma",
    "neuroblastoma",
    "retinoblastoma",
    "ewing's sarcoma",
    "osteosarcoma",
    "kawasaki disease",
    "behçet's",
    "behcet's",
    "takayasu",
    "stiff person syndrome",
    "narcolepsy",
    "haemophilia",
    "hemophilia",
    "thalassaemia",
    "cystic fibrosis",
    "sickle cell",
    "locked-in syndrome",
    "pseudomyxoma",
    "wegener's",
    "addison's disease",
    "cushing's syndrome",
];

word_list!(
    /// Events that, with an exact date and a ward, could identify a patient.
    event_word,
    "fall fell died death arrest arrested incident error complaint restraint restrained
     self-harm assault assaulted absconded abscond safeguarding overdose seizure collapse
     collapsed deteriorated deterioration transfer transferred discharge discharged admitted
     admission miscarriage stillbirth birth delivered suicide attempted crash crashed stabbing
     stabbed shooting shot fire fatal accident rta murder killed drowned drowning burns
     received arrived born climbed escaped jumped"
);
