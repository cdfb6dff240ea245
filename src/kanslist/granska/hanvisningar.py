"""References: the case's own number and every referenced number exist in the register.

That they follow the organisation's pattern is checked when the case is validated; here,
where the register is in use (data/diarium.sqlite exists, or data/organisation.yaml names a
database), each number is looked up in it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterator

from kanslist.errors import KanslistError, Problem
from kanslist.granska.regel import VARNING, Granskning

_NOT_OPENED = object()


def register_in_use(workspace) -> bool:
    """Return True when the workspace keeps a register to check numbers against."""
    if workspace.organisation.diarium.url:
        return True
    return (Path(workspace.data_dir) / "diarium.sqlite").exists()


def _register(g: Granskning):
    """Return the open register shared by this run, None when there is none; may yield a reason."""
    if "diarium" not in g.hjalp:
        g.hjalp["diarium"], g.hjalp["diarium_fel"] = None, None
        if register_in_use(g.workspace):
            try:
                from kanslist.diarium import Diarium

                g.hjalp["diarium"] = Diarium.open(g.workspace.diarium_url(), g.workspace.organisation)
            except (KanslistError, ImportError) as exc:
                g.hjalp["diarium_fel"] = str(exc)
    return g.hjalp["diarium"]


def close_register(hjalp: dict) -> None:
    """Close the register a run opened, if any."""
    register = hjalp.pop("diarium", None)
    if register is not None:
        register.close()


def in_register(g: Granskning) -> Iterator[Problem]:
    """Every case number the case names (its own and its references) exists in the register."""
    numbers = [(("dnr",), g.arende.dnr)]
    numbers += [(("hanvisningar", i, "dnr"), h.dnr) for i, h in enumerate(g.arende.hanvisningar)]
    # Only numbers of today's pattern in the organisation's own series can be in its register;
    # an older number or another authority's is written as it stands.
    organisation = g.workspace.organisation
    numbers = [(loc, dnr) for loc, dnr in numbers if dnr and organisation.in_register_series(dnr)]
    if not numbers:
        return
    register = _register(g)
    if register is None:
        if g.hjalp.get("diarium_fel"):
            yield g.problem(numbers[0][0], f"diariet kunde inte öppnas, så numren kontrollerades inte "
                                           f"({g.hjalp['diarium_fel']})",
                            "kontrollera diarium.url i data/organisation.yaml", VARNING)
        return
    from kanslist.diarium import DiariumError, OkandSerie, OkantDiarienummer

    for loc, dnr in numbers:
        try:
            arende = register.visa(dnr)
        except (OkantDiarienummer, OkandSerie):
            yield g.problem(loc, f"{dnr} finns inte i diariet",
                            "kontrollera numret med 'kanslist diarium lista', eller registrera ärendet med "
                            "'kanslist diarium nytt'")
            continue
        except DiariumError as exc:
            yield g.problem(loc, f"{dnr} kunde inte slås upp i diariet ({exc})", "försök igen", VARNING)
            continue
        if arende.status == "makulerat":
            yield g.problem(loc, f"{dnr} är makulerat i diariet ({arende.makulerad_orsak})",
                            "hänvisa till det ärende som ersatte det", VARNING)


RULES = [in_register]
