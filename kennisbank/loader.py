"""Load and validate kennisbank content from files: all or nothing.

Usage::

    content = load_content(Path("kennisbank/content"))   # raises ContentError listing every problem
    content.articles["wat-is-duaal-leren"].short_answer
"""

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import frontmatter
import yaml
from pydantic import ValidationError

from kennisbank.errors import ContentError, ContentProblem, dutch_message, field_path
from kennisbank.schema import Article, Partner

ARTICLES_DIR = "artikels"
PARTNERS_FILE = "partners.yaml"


@dataclass(frozen=True)
class Content:
    articles: dict[str, Article]
    partners: dict[str, Partner] = field(default_factory=dict)

    def fingerprint(self) -> str:
        """Stable hash of everything that is indexed, to skip re-embedding unchanged content."""
        digest = hashlib.sha256()
        for article_id in sorted(self.articles):
            digest.update(self.articles[article_id].model_dump_json().encode())
        return digest.hexdigest()


def load_content(content_dir: Path) -> Content:
    problems: list[ContentProblem] = []
    articles = _load_articles(content_dir / ARTICLES_DIR, problems)
    partners = _load_partners(content_dir / PARTNERS_FILE, problems)
    if problems:
        raise ContentError(problems)
    return Content(articles=articles, partners=partners)


def parse_article(text: str, file_name: str) -> Article:
    """Parse one Markdown file with YAML front matter; raise ContentError in Dutch."""
    try:
        post = frontmatter.loads(text)
    except yaml.YAMLError as error:
        raise ContentError([ContentProblem(file_name, "(front matter)", f"ongeldige YAML: {error}")]) from error
    data = dict(post.metadata, body=post.content)
    try:
        return Article.model_validate(data)
    except ValidationError as error:
        raise ContentError(_problems(file_name, error)) from error


def _load_articles(directory: Path, problems: list[ContentProblem]) -> dict[str, Article]:
    articles: dict[str, Article] = {}
    if not directory.is_dir():
        problems.append(ContentProblem(str(directory), "(map)", "de map met artikels bestaat niet"))
        return articles
    for path in sorted(directory.glob("*.md")):
        try:
            article = parse_article(path.read_text(encoding="utf-8"), path.name)
        except ContentError as error:
            problems.extend(error.problems)
            continue
        if article.id != path.stem:
            problems.append(ContentProblem(path.name, "id", f"'{article.id}' moet gelijk zijn aan de bestandsnaam '{path.stem}'"))
        articles[article.id] = article
    if not articles and not problems:
        problems.append(ContentProblem(str(directory), "(map)", "er staan geen artikels in de map"))
    return articles


def _load_partners(path: Path, problems: list[ContentProblem]) -> dict[str, Partner]:
    if not path.exists():
        return {}
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    except yaml.YAMLError as error:
        problems.append(ContentProblem(path.name, "(bestand)", f"ongeldige YAML: {error}"))
        return {}
    if not isinstance(raw, list):
        problems.append(ContentProblem(path.name, "(bestand)", "verwacht een lijst van partners"))
        return {}
    partners: dict[str, Partner] = {}
    for position, item in enumerate(raw, start=1):
        try:
            partner = Partner.model_validate(item)
        except ValidationError as error:
            problems.extend(_problems(f"{path.name} (partner {position})", error))
            continue
        if partner.id in partners:
            problems.append(ContentProblem(path.name, "id", f"'{partner.id}' komt twee keer voor"))
        partners[partner.id] = partner
    return partners


def _problems(file_name: str, error: ValidationError) -> list[ContentProblem]:
    return [ContentProblem(file_name, field_path(e), dutch_message(e)) for e in error.errors()]
