"""docs/rules.md defines every rule ID the project cites (issue 16, item 6).

Pure: it reads files only (no broker, no database). The code, errors, OpenAPI
summaries, demo, docs and tests cite rules as `O9`, `C10`...; test names as
`test_o9_...`. Each must be defined in docs/rules.md as a bullet `- **O9** ...`.
"""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RULES = ROOT / "docs" / "rules.md"
SCANNED = ("services", "lib", "gateway", "tests", "docs", "demo", "README.md")
SUFFIXES = {".py", ".md", ".txt", ".yaml", ".yml", ".toml", ".cfg", ".ini", ".sh", ".json"}
SKIPPED_DIRS = {"__pycache__", ".venv", "node_modules", ".pytest_cache", ".hypothesis"}

PREFIXES = "CQROVTPSAMN"
# An upper-case ID standing alone: not inside a word (`T0` of a test's clock, `UTF8`),
# not a percent-encoded byte (`%C3%A9`), never with a leading zero.
CITED = re.compile(rf"(?<![%\w])([{PREFIXES}][1-9][0-9]?)(?!\w)")
TEST_NAME = re.compile(r"\bdef (test_\w+)")
NAME_PART = re.compile(rf"[{PREFIXES.lower()}][1-9][0-9]?")
DEFINED = re.compile(r"^- \*\*([A-Z][0-9]+)\*\*", re.MULTILINE)


def scanned_files():
    for name in SCANNED:
        path = ROOT / name
        if path.is_file():
            yield path
            continue
        for file in sorted(path.rglob("*")):
            if (
                file.is_file()
                and file.suffix in SUFFIXES
                and file != RULES
                and not SKIPPED_DIRS.intersection(file.relative_to(ROOT).parts)
            ):
                yield file


def cited_ids():
    """{rule ID: [files citing it]}."""
    cited = {}
    for file in scanned_files():
        text = file.read_text(encoding="utf-8", errors="replace")
        ids = set(CITED.findall(text))
        for test in TEST_NAME.findall(text):
            ids.update(part.upper() for part in test.split("_") if NAME_PART.fullmatch(part))
        for rule in ids:
            cited.setdefault(rule, []).append(str(file.relative_to(ROOT)))
    return cited


def defined_ids():
    return DEFINED.findall(RULES.read_text(encoding="utf-8"))


def test_every_cited_rule_is_defined_in_docs_rules_md():
    cited = cited_ids()
    assert {"O9", "C10", "P4", "S4"} <= cited.keys()  # the scan itself works
    missing = {
        rule: files[:3] for rule, files in sorted(cited.items()) if rule not in set(defined_ids())
    }
    assert not missing, f"cited but not defined in docs/rules.md: {missing}"


def test_each_rule_is_defined_once():
    defined = defined_ids()
    assert len(defined) == len(set(defined)), sorted(r for r in defined if defined.count(r) > 1)
    for prefix in PREFIXES:
        assert any(rule.startswith(prefix) for rule in defined), f"no {prefix} rule"


def test_the_code_paths_docs_rules_md_names_exist():
    text = RULES.read_text(encoding="utf-8")
    paths = {p for p in re.findall(r"`([\w./-]+\.(?:py|json|md))`", text) if "/" in p}
    assert paths
    absent = sorted(
        p for p in paths if not (ROOT / p).exists() and not (ROOT / "docs" / p).exists()
    )
    assert not absent, f"docs/rules.md names files that do not exist: {absent}"
