"""The trained NLU model (assistant/models) recognises Flemish phrasings that are not in its training data.

Every message below is held out: `test_messages_are_not_training_examples` fails when
someone copies one into assistant/data/nlu, so these keep measuring generalisation.
"""

import json
import subprocess
from pathlib import Path

import pytest
import yaml

from scripts.services import RASA_BIN

ASSISTANT = Path(__file__).resolve().parents[2] / "assistant"
NLU_DATA = ASSISTANT / "data" / "nlu"

HELD_OUT = [
    ("goeiemorgend, is daar iemand?", "begroeten"),
    ("allez, merci en nog ne schone dag", "afscheid"),
    ("super bedankt, ge hebt mij echt geholpen", "bedanken"),
    ("ja da klopt", "bevestigen"),
    ("nee, da is nie juist", "ontkennen"),
    ("zijde gij een echte mens of ne computer?", "wie_ben_jij"),
    ("ik zou graag met ne mens van vlees en bloed praten", "vraag_persoon"),
    ("bij wie kan ik terecht as bedrijf?", "wie_contacteren"),
    ("ik ben de mama van een leerling", "doelgroep_kiezen"),
    ("krijgt mijne zoon een loon as hij duaal leert?", "informatievraag"),
    ("hoeveel uur per week zit ne leerling op de werkvloer?", "informatievraag"),
    # Short questions about one's child carry no domain word, yet must not be refused as off-topic.
    ("krijgt mijne zoon een diploma?", "informatievraag"),
    ("hoeveel verdient ze?", "informatievraag"),
    ("heeft hij vakantie?", "informatievraag"),
    ("wie betaalt zijn loon?", "informatievraag"),
    ("wat als hij ziek is?", "informatievraag"),
    ("moet hij verzekerd zijn?", "informatievraag"),
    ("krijgt ze een attest?", "informatievraag"),
    ("wie wint de ronde van vlaanderen dit jaar?", "buiten_scope"),
    ("geen idee eigenlijk", "weet_niet"),
]


def training_examples() -> set[str]:
    examples = set()
    for path in NLU_DATA.glob("*.yml"):
        for block in yaml.safe_load(path.read_text(encoding="utf-8")).get("nlu", []):
            if "intent" in block:
                examples |= {line.lstrip("- ").strip().lower() for line in block["examples"].splitlines() if line.strip()}
    return examples


def test_messages_are_not_training_examples():
    overlap = {message.lower() for message, _ in HELD_OUT} & training_examples()
    assert not overlap, f"held-out messages found in the training data: {overlap}"


@pytest.fixture(scope="module")
def parses() -> dict[str, dict]:
    """The trained model's parse of every held-out message, from one Rasa process."""
    result = subprocess.run(
        [str(RASA_BIN.parent / "python"), "parse_messages.py", "models"], cwd=ASSISTANT, check=True,
        input="\n".join(message for message, _ in HELD_OUT), capture_output=True, text=True, timeout=300,
    )
    lines = [line for line in result.stdout.splitlines() if line.startswith("{")]  # Rasa also prints to stdout
    return {parsed["text"]: parsed for parsed in map(json.loads, lines)}


@pytest.mark.parametrize(("message", "intent"), HELD_OUT)
def test_rasa_recognises_held_out_phrasing(parses, message, intent):
    assert parses[message]["intent"] == intent, parses[message]["ranking"]
