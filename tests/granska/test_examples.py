"""granska that a chief can trust: the shipped examples and the seeds pass with no error and no warning."""

from __future__ import annotations

import datetime as dt

import pytest

from kanslist.granska.run import granska
from kanslist.workspace import Workspace
from support import REPO, copy_workspace

# What granska says about an example is true of the paper it reproduces:
EXPECTED = {
    # kommun-ar's three motions still being prepared have no proposal yet (bygg reports them too);
    "kommun-ar": [f"arenden/{name}.yaml: forslag_till_beslut: avsnittet Förslag till beslut saknas – lägg till "
                  "forslag_till_beslut med minst en att-sats under att:"
                  for name in ("2025-102-motion-badplats", "2026-033-motion-kommunal-tandvard",
                               "2026-075-motion-e-forslag")],
    # Huddinge's original has two typos of its own;
    "huddinge": [f"arenden/ks-2014-742-manuella-utbetalningar.yaml:{line}: sammanfattning: '{word}' finns inte i "
                 "ordlistan – Är ordet rätt stavat: lägg det på en egen rad i data/ordlista.txt (varning)"
                 for line, word in ((23, "ärendehanteringsystemet"), (31, "Hermona"))],
    # the region's answer (seed 003) names no deadline and no stance on its seven recommendations.
    "region": ["arenden/svar-granskning-distansarbete.yaml:12: granskning.svar_senast: saknas – ange när revisorerna "
               "vill ha svar, t.ex. svar_senast: 2025-06-30 (varning)"]
    + [f"arenden/svar-granskning-distansarbete.yaml:{line}: rekommendationer[{i}].stallningstagande: rekommendation "
       f"{i + 1} saknar ställningstagande – ange instammer, instammer_delvis eller instammer_inte – utan det skrivs "
       "ingen mening om ställningstagandet (varning)" for i, line in enumerate((45, 69, 88, 118, 128, 138, 149))],
}
EXAMPLES = ["."] + sorted(p.name for p in (REPO / "examples").iterdir() if (p / "data").is_dir())


@pytest.mark.parametrize("example", EXAMPLES)
def it_finds_nothing_to_say_about_a_shipped_example(example, tmp_path):
    source = REPO / "examples" / example if example != "." else REPO
    assert (source / "arenden").is_dir()
    root = copy_workspace(source, tmp_path / "ws", meetings=True)
    problems = [str(p) for p in granska(Workspace(root), idag=dt.date(2026, 12, 1))]
    expected = EXPECTED.get(example, [])
    assert problems == expected
