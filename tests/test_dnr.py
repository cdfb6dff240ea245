"""Case-number patterns: every real format round-trips, bad patterns say why in Swedish."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kanslist.dnr import Dnr, DnrPattern, full_year

# Every format seen in real papers (DESIGN.md), with a pattern that reads and writes it.
REAL = [
    ("KS 2026/017", "{serie} {ar}/{lopnr:03d}", Dnr("KS", 2026, 17)),
    ("KS 2026/017-3", "{serie} {ar}/{lopnr:03d}[-{handling}]", Dnr("KS", 2026, 17, handling=3)),
    ("KS 2025/39", "{serie} {ar}/{lopnr}", Dnr("KS", 2025, 39)),
    ("KS-2014/742.912", "{serie}-{ar}/{lopnr}[.{klass}]", Dnr("KS", 2014, 742, klass="912")),
    ("KS2020/0942-4", "{serie}{ar}/{lopnr:04d}[-{handling}]", Dnr("KS", 2020, 942, handling=4)),
    ("SN 18/0098", "{serie} {ar2}/{lopnr:04d}", Dnr("SN", 2018, 98)),
    ("KS/2013:635", "{serie}/{ar}:{lopnr}", Dnr("KS", 2013, 635)),
    ("2014/KS 0012 001", "{ar}/{serie} {lopnr:04d}[ {handling:03d}]", Dnr("KS", 2014, 12, handling=1)),
    ("RS/113/2022", "{serie}/{lopnr}/{ar}", Dnr("RS", 2022, 113)),
    ("Ks 182/2013", "{serie} {lopnr}/{ar}", Dnr("Ks", 2013, 182)),
    ("109-7-2017", "{lopnr}-{klass}-{ar}", Dnr(None, 2017, 109, klass="7")),
    ("RV180949", "{serie}{ar2}{lopnr:04d}", Dnr("RV", 2018, 949)),
]


@pytest.mark.parametrize(("text", "pattern", "expected"), REAL, ids=[r[0] for r in REAL])
def test_reads_and_writes_every_real_format(text, pattern, expected):
    p = DnrPattern(pattern)
    assert p.parse(text) == expected
    assert p.format(p.parse(text)) == text


def test_reads_a_case_and_its_documents_under_one_pattern():
    p = DnrPattern("{serie} {ar}/{lopnr:03d}[-{handling}]")
    assert p.parse("KS 2026/017") == Dnr("KS", 2026, 17)
    assert p.parse("KS 2026/017-3") == Dnr("KS", 2026, 17, handling=3)
    assert p.parse("KS 2026/017-3").arende() == Dnr("KS", 2026, 17)
    assert p.format(Dnr("KS", 2026, 17)) == "KS 2026/017"


def test_treats_padding_as_a_minimum_width():
    p = DnrPattern("{serie} {ar}/{lopnr:03d}")
    assert p.format(Dnr("KS", 2026, 1000)) == "KS 2026/1000"
    assert p.parse("KS 2026/1000") == Dnr("KS", 2026, 1000)
    assert p.format(Dnr("KS", 2026, 7)) == "KS 2026/007"


def test_reads_unpadded_numbers_as_the_same_case():
    p = DnrPattern("{serie} {ar}/{lopnr:03d}")
    assert p.parse("KS 2025/39") == p.parse("KS 2025/039")


def test_returns_none_for_text_that_does_not_match():
    p = DnrPattern("{serie} {ar}/{lopnr:03d}")
    for text in ["", "KS", "KS 2026", "KS 26/017", "KS-2026/017", "KS 2026/017 extra", "2026/017", None]:
        assert p.parse(text) is None


def test_ignores_surrounding_blanks():
    assert DnrPattern("{serie} {ar}/{lopnr:03d}").parse("  KS 2026/017\n") == Dnr("KS", 2026, 17)


def test_keeps_the_series_as_written():
    assert DnrPattern("{serie} {lopnr}/{ar}").parse("Ks 182/2013").serie == "Ks"


def test_reads_two_digit_years_within_ten_years_ahead_as_this_century():
    today = dt.date(2026, 5, 1)
    assert full_year(18, today) == 2018
    assert full_year(36, today) == 2036
    assert full_year(37, today) == 1937
    assert full_year(99, today) == 1999
    assert full_year(0, today) == 2000


def test_finds_numbers_in_running_text():
    p = DnrPattern("{serie} {ar}/{lopnr:03d}")
    found = p.search("Se beslut KS 2025/064 och SN 2024/101.")
    assert found == [(Dnr("KS", 2025, 64), "KS 2025/064"), (Dnr("SN", 2024, 101), "SN 2024/101")]


def test_gives_an_example_for_hints():
    assert DnrPattern("{serie} {ar}/{lopnr:03d}").example(ar=2026) == "KS 2026/017"
    assert DnrPattern("{serie} {ar}/{lopnr:03d}[-{handling}]").example("SN", 2025) == "SN 2025/017"
    assert DnrPattern("{lopnr}-{klass}-{ar}").example(ar=2017) == "17-1.2-2017"


def test_leaves_out_fields_the_pattern_does_not_write():
    assert DnrPattern("{lopnr}-{ar}").format(Dnr("KS", 2017, 109, handling=2)) == "109-2017"


def test_refuses_to_format_without_a_required_field():
    with pytest.raises(ValueError, match="saknar klass"):
        DnrPattern("{lopnr}-{klass}-{ar}").format(Dnr(None, 2017, 109))
    with pytest.raises(ValueError, match="saknar serie"):
        DnrPattern("{serie} {ar}/{lopnr}").format(Dnr(None, 2017, 109))


@pytest.mark.parametrize(("pattern", "message"), [
    ("", "diarienummermönstret är tomt"),
    ("{serie} {ar}", "saknar {lopnr} – löpnumret måste ingå"),
    ("{serie} {lopnr}", "saknar året – lägg till {ar} eller {ar2}"),
    ("{ar} {ar2} {lopnr}", "har både {ar} och {ar2}"),
    ("{serie} {ar}/{lopnr}/{lopnr}", "har {lopnr} mer än en gång"),
    ("{namnd} {ar}/{lopnr}", "har en okänd del {namnd}"),
    ("{serie} {ar}/{lopnr:3}", "ange nollutfyllnad som {lopnr:03d}"),
    ("{serie:03d} {ar}/{lopnr}", "kan inte ha format"),
    ("{ar}/{lopnr", "har en ensam '{'"),
    ("{ar}/{lopnr}[-{handling}", "har ett '[' utan ']'"),
    ("{ar}/{lopnr}-{handling}]", "har ett ']' utan '['"),
    ("{ar}/{lopnr}[-[{handling}]]", "kan inte nästlas"),
    ("[{serie} ]{ar}/{lopnr}", "{serie} kan inte vara valfri"),
    ("{ar}/{lopnr}[-]", "valfri del utan {klass} eller {handling}"),
    ("{ar}/{lopnr}{handling}", "är tvetydigt: {lopnr} och {handling}"),
    ("{ar}/{lopnr}[{handling}]", "är tvetydigt"),
    ("{ar}/{lopnr}-[{handling}-]", "måste börja med ett skiljetecken"),
])
def test_refuses_bad_patterns_with_a_swedish_message(pattern, message):
    with pytest.raises(ValueError) as raised:
        DnrPattern(pattern)
    assert message in str(raised.value)


def test_allows_literal_braces_and_brackets():
    p = DnrPattern("[[{serie}]] {ar}/{lopnr}")
    assert p.format(Dnr("KS", 2026, 5)) == "[KS] 2026/5"
    assert p.parse("[KS] 2026/5") == Dnr("KS", 2026, 5)


# -- property: parse(format(d)) == d for every pattern ------------------------------------

PATTERNS = [pattern for _, pattern, _ in REAL] + [
    "{serie} {ar}/{lopnr:03d}[.{klass}][-{handling}]",
    "{serie}-{ar2}-{lopnr:05d}-{handling:02d}",
]

series = st.from_regex(r"[A-ZÅÄÖ][A-Za-zÅÄÖåäö]{0,3}", fullmatch=True)
klasser = st.from_regex(r"[0-9A-Za-z]{1,3}(\.[0-9A-Za-z]{1,3}){0,2}", fullmatch=True)


@st.composite
def numbers_for(draw, pattern: DnrPattern) -> Dnr:
    # two-digit years read back within the century window; keep inside it
    ar = draw(st.integers(1990, 2035) if pattern.has("ar2") and "ar" not in pattern.fields
              else st.integers(1000, 9999))
    return Dnr(
        serie=draw(series) if pattern.has("serie") else None,
        ar=ar,
        lopnr=draw(st.integers(1, 10**7)),
        klass=(draw(klasser) if pattern.requires("klass") else draw(st.none() | klasser))
        if pattern.has("klass") else None,
        handling=(draw(st.integers(1, 10**4)) if pattern.requires("handling")
                  else draw(st.none() | st.integers(1, 10**4)))
        if pattern.has("handling") else None,
    )


@pytest.mark.parametrize("pattern", PATTERNS)
@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_reads_back_whatever_it_writes(pattern, data):
    p = DnrPattern(pattern)
    dnr = data.draw(numbers_for(p))
    text = p.format(dnr)
    assert p.parse(text) == dnr
    assert p.format(p.parse(text)) == text
