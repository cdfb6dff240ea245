"""The register (diarium): case numbers, registered documents, the public listing and the log."""

from kanslist.diarium.poster import Arende, Handling, ListRad, Logghandelse, Sekretess
from kanslist.diarium.register import Diarium, OkandSerie, OkantDiarienummer, default_user
from kanslist.diarium.store import DiariumError, DiariumOtillgangligt, DiariumSkadat, DiariumUpptaget

__all__ = [
    "Arende", "Diarium", "DiariumError", "DiariumOtillgangligt", "DiariumSkadat", "DiariumUpptaget", "Handling",
    "ListRad", "Logghandelse", "OkandSerie", "OkantDiarienummer", "Sekretess", "default_user",
]
