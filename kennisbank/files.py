"""Write kennisbank content back to the Markdown/YAML files it is loaded from (the counterpart of loader.py).

Usage::

    write_content(content, Path("kennisbank/content"))   # then review the change with `git diff`
    item_text("artikel", article.model_dump(mode="json"))  # one item as it looks in its file
"""

import os
import tempfile
from pathlib import Path

import frontmatter
import yaml
from pydantic import BaseModel

from kennisbank.loader import ARTICLES_DIR, PARTNERS_FILE, Content
from kennisbank.schema import Article, Partner

PARTNERS_HEADER = (
    "# Partnerdirectory duaal leren: geschreven door `kennisbank exporteer`.\n"
    "# Eén item per organisatie of rol die de bronnen noemen. Geen e-mail of telefoon zonder bron:\n"
    "# zegt geen bron het, dan blijft het veld leeg en zegt where_to_find waar je de info vindt.\n\n"
)


NO_WRAP = 100_000  # one value per line keeps `git diff` readable


def _dump_yaml(data) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=NO_WRAP, default_flow_style=False)


def _compact(model: type[BaseModel], data: dict) -> dict:
    """The item's fields in schema order, without empty optional ones."""
    return model.model_validate(data).model_dump(mode="json", exclude_none=True)


def article_text(data: dict) -> str:
    metadata = {key: value for key, value in _compact(Article, data).items() if key != "body"}
    return frontmatter.dumps(frontmatter.Post(data["body"], **metadata), sort_keys=False, allow_unicode=True,
                             width=NO_WRAP) + "\n"


def partner_text(data: dict) -> str:
    return _dump_yaml(_compact(Partner, data))


def item_text(kind: str, data: dict) -> str:
    return article_text(data) if kind == "artikel" else partner_text(data)


def write_content(content: Content, content_dir: Path) -> int:
    """Write every article and the partner list; remove article files that are no longer live.

    Returns the number of files written or removed. Each file is replaced atomically.
    """
    articles_dir = content_dir / ARTICLES_DIR
    articles_dir.mkdir(parents=True, exist_ok=True)
    touched = 0
    for article in content.articles.values():
        touched += _write_if_changed(articles_dir / f"{article.id}.md", article_text(article.model_dump(mode="json")))
    for stale in set(articles_dir.glob("*.md")) - {articles_dir / f"{a}.md" for a in content.articles}:
        stale.unlink()
        touched += 1
    partners = [_compact(Partner, p.model_dump()) for p in content.partners.values()]
    touched += _write_if_changed(content_dir / PARTNERS_FILE, PARTNERS_HEADER + _dump_yaml(partners))
    return touched


def _write_if_changed(path: Path, text: str) -> int:
    if path.exists() and path.read_text(encoding="utf-8") == text:
        return 0
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    with os.fdopen(handle, "w", encoding="utf-8") as stream:
        stream.write(text)
    os.replace(temporary, path)
    return 1
