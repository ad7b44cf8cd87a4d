"""Command line for accounts: ``redactie maak-gebruiker NAAM [--rol beheerder]``.

Usage (the first beheerder, on the server)::

    redactie maak-gebruiker an --rol beheerder          # asks the password twice
    echo "$PASSWORD" | redactie maak-gebruiker an --rol beheerder --wachtwoord-stdin
"""

import argparse
import getpass
import sys

from api.redactie.accounts import ROLES, AccountError, Accounts
from api.settings import Settings
from kennisbank.database import connect, migrate


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="redactie", description="Beheer de accounts van de redactie.")
    commands = parser.add_subparsers(required=True, metavar="opdracht")
    create = commands.add_parser("maak-gebruiker", help="maak een redacteur of beheerder")
    create.add_argument("gebruikersnaam")
    create.add_argument("--rol", choices=ROLES, default="redacteur")
    create.add_argument("--wachtwoord-stdin", action="store_true", help="lees het wachtwoord van standaardinvoer")
    args = parser.parse_args(argv)
    password = _read_password(args.wachtwoord_stdin)
    if password is None:
        print("De twee wachtwoorden zijn niet gelijk. Er is niets gemaakt.", file=sys.stderr)
        return 1
    settings = Settings()
    migrate(settings.database_url)
    try:
        user = Accounts(connect(settings.database_url)).create_user(args.gebruikersnaam, password, args.rol)
    except AccountError as error:
        print(error, file=sys.stderr)
        return 1
    print(f"Gebruiker '{user.username}' gemaakt met rol {user.role}. Meld je aan op /redactie/aanmelden.")
    return 0


def _read_password(from_stdin: bool) -> str | None:
    if from_stdin:
        return sys.stdin.readline().rstrip("\n")
    first = getpass.getpass("Wachtwoord (minstens 12 tekens): ")
    return first if getpass.getpass("Nog eens: ") == first else None


if __name__ == "__main__":
    sys.exit(main())
