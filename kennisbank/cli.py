"""Command line: ``kennisbank valideer | bouw | zoek | evalueer | bench``.

Usage::

    kennisbank zoek "wordt mijn zoon betaald?" --doelgroep ouder
    kennisbank evalueer --kalibreer
"""

import argparse
import json
import sys
import time
from dataclasses import asdict

from kennisbank.config import KennisbankSettings
from kennisbank.errors import ContentError
from kennisbank.loader import load_content
from kennisbank.schema import AUDIENCES

NO_ANSWER = "Geen betrouwbaar antwoord gevonden in de kennisbank."


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    settings = KennisbankSettings()
    try:
        return args.handler(args, settings)
    except ContentError as error:
        print(f"De kennisbank is ongeldig ({len(error.problems)} problemen):", file=sys.stderr)
        for problem in error.problems:
            print(f"  - {problem}", file=sys.stderr)
        return 1


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kennisbank", description="Beheer en doorzoek de kennisbank duaal leren.")
    commands = parser.add_subparsers(required=True, metavar="opdracht")
    commands.add_parser("valideer", help="controleer alle artikels en partners").set_defaults(handler=validate)
    commands.add_parser("bouw", help="bouw de zoekindex (hergebruikt ongewijzigde vectoren)").set_defaults(handler=build)
    search_cmd = commands.add_parser("zoek", help="zoek een antwoord op een vraag")
    search_cmd.add_argument("vraag")
    search_cmd.add_argument("--doelgroep", choices=AUDIENCES)
    search_cmd.add_argument("--modus", choices=("dense", "lexical", "hybrid"), default="dense")
    search_cmd.add_argument("--json", action="store_true", help="toon het volledige resultaat als JSON")
    search_cmd.set_defaults(handler=search)
    evaluate_cmd = commands.add_parser("evalueer", help="meet Recall@k, MRR en afwijzing van vragen buiten scope")
    evaluate_cmd.add_argument("--kalibreer", action="store_true", help="bereken de drempels opnieuw en bewaar ze")
    evaluate_cmd.set_defaults(handler=evaluate)
    bench_cmd = commands.add_parser("bench", help="meet zoeksnelheid, bouwtijd en geheugen")
    bench_cmd.add_argument("--artikels", type=int, default=5000, help="grootte van de gegenereerde kennisbank")
    bench_cmd.set_defaults(handler=bench)
    return parser


def validate(args, settings: KennisbankSettings) -> int:
    content = load_content(settings.content_dir)
    print(f"OK: {len(content.articles)} artikels en {len(content.partners)} partners zijn geldig.")
    return 0


def _open(settings: KennisbankSettings, show_progress: bool = False):
    from kennisbank.engine import Kennisbank  # loads torch: only for commands that need it

    return Kennisbank.from_settings(settings.content_dir, settings.embedding_model, settings.index_dir, show_progress)


def build(args, settings: KennisbankSettings) -> int:
    started = time.perf_counter()
    kb = _open(settings, show_progress=True)
    snapshot = kb.snapshot
    print(f"Index gebouwd in {time.perf_counter() - started:.1f} s: {len(snapshot.article_ids)} artikels, "
          f"{len(snapshot.units)} zoekeenheden, vingerafdruk {snapshot.fingerprint}.")
    return 0


def search(args, settings: KennisbankSettings) -> int:
    result = _open(settings).search(args.vraag, audience=args.doelgroep, mode=args.modus)
    if args.json:
        print(json.dumps(asdict(result), ensure_ascii=False, indent=2, default=_jsonable))
    elif result.answered:
        print(result.best.short_answer)
        print(result.best.source_line)
    else:
        print(NO_ANSWER)
    return 0


def _jsonable(value):
    return value.model_dump(mode="json") if hasattr(value, "model_dump") else str(value)


def evaluate(args, settings: KennisbankSettings) -> int:
    from kennisbank.evaluation_report import evaluate_all  # noqa: PLC0415

    evaluate_all(_open(settings), settings.eval_file, recalibrate=args.kalibreer)
    return 0


def bench(args, settings: KennisbankSettings) -> int:
    from kennisbank.benchmark import run_benchmark  # noqa: PLC0415

    run_benchmark(settings, generated_articles=args.artikels)
    return 0


if __name__ == "__main__":
    sys.exit(main())
