"""Map a place name (province or municipality) to its province, from the NLU synonyms of ``regio``.

The NLU data file is the single source of the mapping: Rasa uses it for entity synonyms, this
module uses it for free-text answers in the contact form.

Usage::

    RegionMap.from_nlu_file().province("ik zit in Genk")   # "limburg"
"""

import re
from pathlib import Path

import yaml

NLU_FILE = Path(__file__).resolve().parent.parent / "data" / "nlu" / "entiteiten.yml"
PROVINCES = ("antwerpen", "limburg", "oost-vlaanderen", "vlaams-brabant", "west-vlaanderen", "brussel")


def _key(text: str) -> str:
    return re.sub(r"[^a-z]", "", text.lower())


class RegionMap:
    def __init__(self, names: dict[str, str]) -> None:
        self._by_key = {_key(name): province for name, province in names.items()}
        self._by_key.update({_key(p): p for p in PROVINCES})

    @classmethod
    def from_nlu_file(cls, path: Path = NLU_FILE) -> "RegionMap":
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        names: dict[str, str] = {}
        for block in data.get("nlu", []):
            if block.get("synonym") in PROVINCES:
                for line in block["examples"].splitlines():
                    names[line.strip().lstrip("- ").strip()] = block["synonym"]
        return cls(names)

    def province(self, text: str) -> str | None:
        """The province named in ``text`` (whole text, or any of its words / word pairs)."""
        if _key(text) in self._by_key:
            return self._by_key[_key(text)]
        words = re.findall(r"[\w'-]+", text)
        candidates = [" ".join(words[i:i + n]) for n in (3, 2, 1) for i in range(len(words) - n + 1)]
        return next((self._by_key[_key(c)] for c in candidates if _key(c) in self._by_key), None)
