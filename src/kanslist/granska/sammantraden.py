"""Check meeting files (sammantraden/*.yaml) as ``bygg`` loads them, without building."""

from __future__ import annotations

from pathlib import Path

from kanslist.errors import InvalidInput, KanslistError, Problem


def meeting_paths(workspace, files: list[Path] | None) -> tuple[list[Path], list[Path]]:
    """Return (meeting files, other files) of ``files``; without ``files``, every meeting file and no other."""
    from kanslist.sammantrade.numrering import is_meeting_file, meeting_files  # not the builder: start-up speed

    if files is None:
        return meeting_files(workspace), []
    meetings = [p for p in files if is_meeting_file(workspace, p)]
    return meetings, [p for p in files if p not in meetings]


def review_meetings(workspace, paths: list[Path]) -> list[Problem]:
    """Return what ``bygg`` would refuse in the meetings of ``paths``: the sammantraden: settings of
    data/organisation.yaml once, then each meeting's model, ids, cases, dates, outcomes and § numbers."""
    if not paths:
        return []
    try:
        workspace.organisation  # noqa: B018 – the settings every meeting is built with, reported once
    except InvalidInput as exc:
        return list(exc.problems)
    problems: list[Problem] = []
    for path in paths:
        problems.extend(_review_meeting(workspace, path))
    return problems


def _review_meeting(workspace, path: Path) -> list[Problem]:
    from kanslist.sammantrade.beslut import proposals_before
    from kanslist.sammantrade.context import meeting_context
    from kanslist.sammantrade.kontroll import load_meeting
    from kanslist.sammantrade.numrering import first_paragraph

    try:
        meeting = load_meeting(workspace, path)
        first = first_paragraph(workspace, path, meeting.model.organ, meeting.model.datum)
        proposals, _ = proposals_before(workspace, meeting)
        meeting_context(workspace, meeting, first, proposals)  # what the papers print: bygg stops on it too
    except InvalidInput as exc:
        return list(exc.problems)
    except KanslistError as exc:
        return [Problem(workspace.display(path), None, "", str(exc))]
    return []
