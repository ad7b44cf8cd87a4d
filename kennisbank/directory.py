"""The partner directory (Actie 18.2): which partners fit a role, sector and region.

Usage::

    directory = PartnerDirectory(content.partners)
    directory.match("onderneming", sector="bouw", region="limburg")   # most specific first
"""

import re

from kennisbank.schema import Partner

MAX_MATCHES = 5
# Which kinds of partner help each role most, first to last (Actie 18.2: who does what for whom).
KIND_ORDER = {
    "ouder": ("school", "regionaal", "info", "centrum", "overheid", "partnerschap", "federaal", "adviesraad"),
    "leerling": ("school", "regionaal", "info", "centrum", "overheid", "partnerschap", "federaal", "adviesraad"),
    "onderneming": ("partnerschap", "regionaal", "info", "school", "centrum", "federaal", "overheid", "adviesraad"),
    "school": ("regionaal", "partnerschap", "info", "overheid", "centrum", "school", "federaal", "adviesraad"),
}
DEFAULT_ORDER = ("school", "info", "regionaal", "partnerschap", "centrum", "overheid", "federaal", "adviesraad")


class PartnerDirectory:
    def __init__(self, partners: dict[str, Partner]) -> None:
        self._partners = [p for p in partners.values() if p.in_contact_route]

    def match(self, role: str | None, sector: str | None = None, region: str | None = None,
              limit: int = MAX_MATCHES) -> list[Partner]:
        """Partners for this role; region- or sector-bound partners only where they fit, and those first."""
        fitting = [p for p in self._partners if self._fits(p, role, sector, region)]
        kinds = KIND_ORDER.get(role or "", DEFAULT_ORDER)
        ranked = sorted(enumerate(fitting), key=lambda item: (
            -self._specificity(item[1], sector, region), kinds.index(item[1].kind), item[0]))
        return [p for _, p in ranked][:limit]

    @staticmethod
    def _fits(partner: Partner, role: str | None, sector: str | None, region: str | None) -> bool:
        if role and role not in partner.audiences:
            return False
        if partner.regions and region not in partner.regions:
            return False
        return not partner.sectors or _sector_matches(partner, sector)

    @staticmethod
    def _specificity(partner: Partner, sector: str | None, region: str | None) -> int:
        return int(bool(partner.regions) and region in partner.regions) + int(_sector_matches(partner, sector))


def _sector_matches(partner: Partner, sector: str | None) -> bool:
    if not sector:
        return False
    wanted = _normalise(sector)
    return any(wanted in _normalise(s) or _normalise(s) in wanted for s in partner.sectors)


def _normalise(text: str) -> str:
    return re.sub(r"[^a-z]", "", text.lower())
