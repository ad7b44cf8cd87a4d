"""Command line: ``kennisbank valideer | bouw | zoek | evalueer | exporteer | importeer | bench``.

Usage::

    kennisbank zoek "wordt mijn zoon betaald?" --doelgroep ouder
    kennisbank evalueer --kalibreer
"""

import argparse
import json
import sys
import time
from dataclasses import asdict

from pathlib import Path

from kennisbank.config import KennisbankSettings
from kennisbank.database import connect, migrate
from kennisbank.files import write_content
from kennisbank.errors import ContentError
from kennisbank.loader import load_content
from kennisbank.repository import ContentRepository
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
    export_cmd = commands.add_parser("exporteer", help="schrijf de live inhoud uit de database terug naar de bestanden")
    export_cmd.add_argument("--map", type=Path, help="doelmap (standaard de inhoudsmap van de kennisbank)")
    export_cmd.set_defaults(handler=export)
    import_cmd = commands.add_parser("importeer", help="laad de bestanden in de database: alles of niets")
    import_cmd.add_argument("--map", type=Path, help="bronmap (standaard de inhoudsmap van de kennisbank)")
    import_cmd.set_defaults(handler=import_files)
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


def _repository(settings: KennisbankSettings) -> ContentRepository:
    migrate(settings.database_url)
    return ContentRepository(connect(settings.database_url))


def export(args, settings: KennisbankSettings) -> int:
    target = args.map or settings.content_dir
    repository = _repository(settings)
    content = repository.live_content(out_of_scope=[])
    if not content.articles:
        print("De database heeft nog geen artikels: er is niets geëxporteerd. Start eerst de app of importeer.",
              file=sys.stderr)
        return 1
    changed = write_content(content, target)
    print(f"{len(content.articles)} artikels en {len(content.partners)} partners geschreven naar {target} "
          f"({changed} bestanden gewijzigd). Bekijk de wijzigingen met `git diff`.")
    return 0


def import_files(args, settings: KennisbankSettings) -> int:
    source = args.map or settings.content_dir
    content = load_content(source)  # raises ContentError for any bad file: then nothing is imported
    changed = _repository(settings).replace_all(content, author="import")
    print(f"Geïmporteerd uit {source}: {len(content.articles)} artikels en {len(content.partners)} partners, "
          f"{changed} gewijzigd. De chat gebruikt de nieuwe inhoud binnen enkele seconden.")
    return 0


def bench(args, settings: KennisbankSettings) -> int:
    from kennisbank.benchmark import run_benchmark  # noqa: PLC0415

    run_benchmark(settings, generated_articles=args.artikels)
    return 0


if __name__ == "__main__":
    sys.exit(main())
