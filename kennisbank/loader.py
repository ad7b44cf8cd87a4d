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
from pydantic import BaseModel, ValidationError

from kennisbank.errors import ContentError, ContentProblem, dutch_message, field_path
from kennisbank.schema import Article, OutOfScopeTopic, Partner

ARTICLES_DIR = "artikels"
PARTNERS_FILE = "partners.yaml"
OUT_OF_SCOPE_FILE = "buiten_bereik.yaml"


@dataclass(frozen=True)
class Content:
    articles: dict[str, Article]
    partners: dict[str, Partner] = field(default_factory=dict)
    out_of_scope: list[OutOfScopeTopic] = field(default_factory=list)

    def fingerprint(self) -> str:
        """Stable hash of everything that is indexed, to skip re-embedding unchanged content."""
        digest = hashlib.sha256()
        for article_id in sorted(self.articles):
            digest.update(self.articles[article_id].model_dump_json().encode())
        for topic in self.out_of_scope:
            digest.update(topic.model_dump_json().encode())
        return digest.hexdigest()

    @property
    def out_of_scope_questions(self) -> list[str]:
        return [q for topic in self.out_of_scope for q in topic.vragen]


def load_content(content_dir: Path) -> Content:
    problems: list[ContentProblem] = []
    articles = _load_articles(content_dir / ARTICLES_DIR, problems)
    partners = _load_yaml_list(content_dir / PARTNERS_FILE, Partner, "partner", problems)
    out_of_scope = _load_yaml_list(content_dir / OUT_OF_SCOPE_FILE, OutOfScopeTopic, "onderwerp", problems)
    if problems:
        raise ContentError(problems)
    return Content(articles=articles, partners={p.id: p for p in partners}, out_of_scope=out_of_scope)


def load_out_of_scope(content_dir: Path) -> list[OutOfScopeTopic]:
    """The out-of-scope anchor questions (they stay in files; the redactie does not edit them)."""
    problems: list[ContentProblem] = []
    topics = _load_yaml_list(content_dir / OUT_OF_SCOPE_FILE, OutOfScopeTopic, "onderwerp", problems)
    if problems:
        raise ContentError(problems)
    return topics


def validate_item(model: type[BaseModel], data: dict, label: str) -> BaseModel:
    """Validate one article or partner given as a dict; raise ContentError in Dutch."""
    try:
        return model.model_validate(data)
    except ValidationError as error:
        raise ContentError(_problems(label, error)) from error


def parse_article(text: str, file_name: str) -> Article:
    """Parse one Markdown file with YAML front matter; raise ContentError in Dutch."""
    try:
        post = frontmatter.loads(text)
    except yaml.YAMLError as error:
        raise ContentError([ContentProblem(file_name, "(front matter)", f"ongeldige YAML: {error}")]) from error
    return validate_item(Article, dict(post.metadata, body=post.content), file_name)


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


def _load_yaml_list(path: Path, model, label: str, problems: list[ContentProblem]) -> list:
    """Validate every item of a YAML list file; an absent file is an empty list."""
    if not path.exists():
        return []
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    except yaml.YAMLError as error:
        problems.append(ContentProblem(path.name, "(bestand)", f"ongeldige YAML: {error}"))
        return []
    if not isinstance(raw, list):
        problems.append(ContentProblem(path.name, "(bestand)", "verwacht een lijst"))
        return []
    items = []
    for position, item in enumerate(raw, start=1):
        try:
            items.append(model.model_validate(item))
        except ValidationError as error:
            problems.extend(_problems(f"{path.name} ({label} {position})", error))
    ids = [getattr(item, "id", None) for item in items]
    for duplicate in sorted({i for i in ids if i and ids.count(i) > 1}):
        problems.append(ContentProblem(path.name, "id", f"'{duplicate}' komt meer dan één keer voor"))
    return items


def _problems(file_name: str, error: ValidationError) -> list[ContentProblem]:
    return [ContentProblem(file_name, field_path(e), dutch_message(e)) for e in error.errors()]
