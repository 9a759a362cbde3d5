"""Course content: load the files under content/, validate them, keep them as frozen dataclasses."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from markdown_it import MarkdownIt

CONTENT_DIR = Path(__file__).parents[1] / "content"
LESSON_FILE = re.compile(r"^(\d\d)-([a-z0-9-]+)\.md$")
TRUE_FALSE = (("true", "Verdadero"), ("false", "Falso"))
QUESTION_TYPES = ("single", "multiple", "truefalse")
PRACTICE_KINDS = ("scam_check", "order_steps", "worksheet", "passphrase", "form")
CHANNELS = ("sms", "whatsapp", "email", "facebook")
MAX_MEANING_WORDS = 15
_markdown = MarkdownIt("commonmark", {"html": False})


class ContentError(Exception):
    """A content file is wrong: names the file and the field."""

    def __init__(self, path: Path, field_name: str, message: str):
        self.path, self.field, self.message = path, field_name, message
        super().__init__(f"{path}: {field_name}: {message}")


@dataclass(frozen=True)
class Choice:
    id: str
    text: str


@dataclass(frozen=True)
class Question:
    id: str
    type: str
    text: str
    choices: tuple[Choice, ...]
    answer: frozenset[str]
    explanation: str

    def choice_text(self, choice_id: str) -> str:
        return next((c.text for c in self.choices if c.id == choice_id), choice_id)


@dataclass(frozen=True)
class Quiz:
    id: str
    questions: tuple[Question, ...]


@dataclass(frozen=True)
class Illustration:
    file: str
    alt: str


@dataclass(frozen=True)
class ScamMessage:
    channel: str
    sender: str
    text: str
    scam: bool
    why: str


@dataclass(frozen=True)
class Amount:
    label: str
    amount: int | float


@dataclass(frozen=True)
class WorksheetQuestion:
    label: str
    answer: int | float
    hint: str


@dataclass(frozen=True)
class FormField:
    label: str
    accept: str  # a regular expression the whole answer must match
    hint: str


@dataclass(frozen=True)
class Practice:
    """The activity at the end of a lesson; which tuples are filled depends on kind."""

    kind: str
    title: str
    intro: str
    minutes: int
    messages: tuple[ScamMessage, ...] = ()  # scam_check
    steps: tuple[str, ...] = ()  # order_steps, in the right order
    given: tuple[Amount, ...] = ()  # worksheet
    questions: tuple[WorksheetQuestion, ...] = ()  # worksheet
    fields: tuple[FormField, ...] = ()  # form


@dataclass(frozen=True)
class Session:
    """A session at the centre, from the trainer guide's front matter."""

    title: str
    minutes: int


@dataclass(frozen=True)
class Lesson:
    id: str
    module: str
    slug: str
    number: int
    title: str
    summary: str
    minutes: int
    body_html: str
    plain_text: str
    remember: tuple[str, ...]
    illustration: Illustration | None
    quiz: Quiz
    practice: Practice | None = None

    @property
    def word_count(self) -> int:
        return len(self.plain_text.split())


@dataclass(frozen=True)
class Module:
    slug: str
    title: str
    title_en: str
    summary: str
    order: int
    hours: int
    lessons: tuple[Lesson, ...]
    guide_html: str
    version: str
    directory: Path = field(compare=False)
    glossary: tuple[tuple[str, str], ...] = ()  # (term, one-line meaning), as in glossary.yaml
    sessions: tuple[Session, ...] = ()  # the trainer guide's centre sessions

    def lesson(self, slug: str) -> Lesson | None:
        return next((lesson for lesson in self.lessons if lesson.slug == slug), None)

    def next_lesson(self, lesson: Lesson) -> Lesson | None:
        index = self.lessons.index(lesson)
        return self.lessons[index + 1] if index + 1 < len(self.lessons) else None


@dataclass(frozen=True)
class Catalog:
    modules: tuple[Module, ...]

    def module(self, slug: str) -> Module | None:
        return next((m for m in self.modules if m.slug == slug), None)

    def lesson(self, lesson_id: str) -> Lesson | None:
        module_slug, _, slug = lesson_id.partition("/")
        module = self.module(module_slug)
        return module.lesson(slug) if module else None

    def quiz(self, quiz_id: str) -> Quiz | None:
        lesson = self.lesson(quiz_id)
        return lesson.quiz if lesson else None


def load_catalog(root: Path = CONTENT_DIR) -> Catalog:
    """Load every module under root; raise ContentError on the first problem."""
    dirs = sorted(p for p in root.iterdir() if (p / "module.yaml").exists())
    if not dirs:
        raise ContentError(root, "module.yaml", "no module found")
    modules = sorted((load_module(d) for d in dirs), key=lambda m: m.order)
    return Catalog(tuple(modules))


def read_yaml(path: Path) -> dict:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ContentError(path, "-", f"cannot read YAML: {exc}") from exc
    if not isinstance(data, dict):
        raise ContentError(path, "-", "expected a mapping")
    return data


def need(data: dict, key: str, kind: type, path: Path):
    value = data.get(key)
    if not isinstance(value, kind) or isinstance(value, bool) and kind is int or value in ("", []):
        raise ContentError(path, key, f"required, a {kind.__name__}")
    return value


def load_module(directory: Path) -> Module:
    path = directory / "module.yaml"
    meta = read_yaml(path)
    lesson_files = sorted(p for p in directory.glob("*.md") if LESSON_FILE.match(p.name))
    if not lesson_files:
        raise ContentError(directory, "lessons", "no lesson file (NN-slug.md)")
    lessons = tuple(load_lesson(p, directory.name) for p in lesson_files)
    guide = directory / "guide.md"
    if not guide.exists():
        raise ContentError(guide, "-", "the trainer guide is missing")
    guide_meta, guide_body = split_guide(guide)
    return Module(
        slug=directory.name,
        title=need(meta, "title", str, path),
        title_en=need(meta, "title_en", str, path),
        summary=need(meta, "summary", str, path),
        order=need(meta, "order", int, path),
        hours=need(meta, "hours", int, path),
        lessons=lessons,
        guide_html=_markdown.render(guide_body),
        version=content_hash(directory),
        directory=directory,
        glossary=load_glossary(directory / "glossary.yaml"),
        sessions=load_sessions(guide_meta, guide),
    )


def content_hash(directory: Path) -> str:
    """A short hash of every file of the module: changes whenever any of them does."""
    digest = hashlib.sha256()
    for file in sorted(p for p in directory.rglob("*") if p.is_file()):
        digest.update(file.relative_to(directory).as_posix().encode())
        digest.update(file.read_bytes())
    return digest.hexdigest()[:16]


def split_front_matter(path: Path) -> tuple[dict, str]:
    text = path.read_text(encoding="utf-8")
    match = re.match(r"^---\n(.*?)\n---\n(.*)$", text, re.S)
    if not match:
        raise ContentError(path, "front matter", "the file must start with a --- block")
    try:
        meta = yaml.safe_load(match.group(1))
    except yaml.YAMLError as exc:
        raise ContentError(path, "front matter", f"bad YAML: {exc}") from exc
    if not isinstance(meta, dict):
        raise ContentError(path, "front matter", "expected a mapping")
    return meta, match.group(2)


def split_guide(path: Path) -> tuple[dict, str]:
    """The trainer guide's optional front matter (its sessions) and its Markdown body."""
    text = path.read_text(encoding="utf-8")
    return split_front_matter(path) if text.startswith("---\n") else ({}, text)


def load_sessions(meta: dict, path: Path) -> tuple[Session, ...]:
    unknown = sorted(str(key) for key in meta if key != "sessions")
    if unknown:
        raise ContentError(path, unknown[0], "the guide's front matter has only sessions")
    raw = meta.get("sessions", [])
    if not isinstance(raw, list):
        raise ContentError(path, "sessions", "a list of {title, minutes}")
    sessions = []
    for number, item in enumerate(raw, 1):
        where = f"sessions[{number}]"
        if not isinstance(item, dict) or set(item) != {"title", "minutes"}:
            raise ContentError(path, where, "needs exactly title and minutes")
        sessions.append(Session(_text(item, "title", path, where), _minutes(item, path, where)))
    return tuple(sessions)


def load_glossary(path: Path) -> tuple[tuple[str, str], ...]:
    """glossary.yaml: term -> one-line meaning of at most 15 words; the file is optional."""
    if not path.exists():
        return ()
    data = read_yaml(path)
    for term, meaning in data.items():
        if not isinstance(term, str) or not term.strip():
            raise ContentError(path, str(term), "a term is a word or phrase")
        if not isinstance(meaning, str) or not meaning.strip():
            raise ContentError(path, term, "needs a one-line meaning")
        if len(meaning.split()) > MAX_MEANING_WORDS or "\n" in meaning.strip():
            raise ContentError(path, term, f"the meaning is one line of at most {MAX_MEANING_WORDS} words")
    return tuple((term.strip(), meaning.strip()) for term, meaning in data.items())


def plain_text(markdown_body: str) -> str:
    """The words of a Markdown body without its markup, for word counts and readability."""
    return re.sub(r"[#>*_`]|^\s*[-+]\s", " ", markdown_body, flags=re.M)


def load_lesson(path: Path, module: str) -> Lesson:
    number, slug = LESSON_FILE.match(path.name).groups()
    meta, body = split_front_matter(path)
    if re.search(r"<[a-zA-Z/!]", body):
        raise ContentError(path, "body", "raw HTML is not allowed")
    if not re.search(r"^>", body, re.M):
        raise ContentError(path, "body", "needs a worked example (a > blockquote)")
    remember = need(meta, "remember", list, path)
    if not 2 <= len(remember) <= 5 or not all(isinstance(r, str) and r for r in remember):
        raise ContentError(path, "remember", "2 to 5 short points")
    quiz_path = path.with_name(path.stem + ".quiz.yaml")
    if not quiz_path.exists():
        raise ContentError(quiz_path, "-", "the lesson's quiz is missing")
    lesson_id = f"{module}/{slug}"
    return Lesson(
        id=lesson_id,
        module=module,
        slug=slug,
        number=int(number),
        title=need(meta, "title", str, path),
        summary=need(meta, "summary", str, path),
        minutes=need(meta, "minutes", int, path),
        body_html=_markdown.render(body),
        plain_text=plain_text(body),
        remember=tuple(remember),
        illustration=load_illustration(meta.get("illustration"), path),
        quiz=load_quiz(quiz_path, lesson_id),
        practice=load_practice(meta.get("practice"), path),
    )


def load_illustration(data: object, path: Path) -> Illustration | None:
    if data is None:
        return None
    if not isinstance(data, dict):
        raise ContentError(path, "illustration", "needs file and alt")
    file, alt = need(data, "file", str, path), need(data, "alt", str, path)
    svg = path.parent / "img" / file
    if not svg.is_file() or svg.suffix != ".svg" or "/" in file:
        raise ContentError(path, "illustration.file", f"no SVG img/{file}")
    return Illustration(file, alt)


def load_quiz(path: Path, quiz_id: str) -> Quiz:
    data = read_yaml(path)
    raw = need(data, "questions", list, path)
    questions = tuple(load_question(q, path, i) for i, q in enumerate(raw, 1))
    ids = [q.id for q in questions]
    if len(set(ids)) != len(ids):
        raise ContentError(path, "questions.id", "question ids must be unique")
    return Quiz(quiz_id, questions)


def load_question(data: object, path: Path, number: int) -> Question:
    where = f"questions[{number}]"
    if not isinstance(data, dict):
        raise ContentError(path, where, "expected a mapping")
    kind = data.get("type")
    if kind not in QUESTION_TYPES:
        raise ContentError(path, f"{where}.type", f"one of {', '.join(QUESTION_TYPES)}")
    for key in ("id", "text", "explanation"):
        if not isinstance(data.get(key), str) or not data[key].strip():
            raise ContentError(path, f"{where}.{key}", "required, a string")
    answer = data.get("answer")
    if kind == "truefalse":
        if not isinstance(answer, bool):
            raise ContentError(path, f"{where}.answer", "true or false")
        choices = tuple(Choice(i, t) for i, t in TRUE_FALSE)
        answer_ids = frozenset(["true" if answer else "false"])
    else:
        raw_choices = data.get("choices")
        if not isinstance(raw_choices, dict) or len(raw_choices) < 2:
            raise ContentError(path, f"{where}.choices", "at least two choices")
        choices = tuple(Choice(str(k), str(v)) for k, v in raw_choices.items())
        answer_ids = frozenset(str(a) for a in (answer if isinstance(answer, list) else [answer]))
        if kind == "single" and isinstance(answer, list):
            raise ContentError(path, f"{where}.answer", "a single choice id")
        if not answer_ids or not answer_ids <= {c.id for c in choices}:
            raise ContentError(path, f"{where}.answer", "must name existing choices")
    return Question(data["id"], kind, data["text"], choices, answer_ids, data["explanation"])


PRACTICE_FIELDS = {
    "scam_check": {"messages"},
    "order_steps": {"steps"},
    "worksheet": {"given", "questions"},
    "passphrase": set(),
    "form": {"fields"},
}


def _text(data: dict, key: str, path: Path, where: str, required: bool = True) -> str:
    value = data.get(key, None if required else "")
    if not isinstance(value, str) or required and not value.strip():
        raise ContentError(path, f"{where}.{key}", "required, a text" if required else "a text")
    return value.strip()


def _number(data: dict, key: str, path: Path, where: str) -> int | float:
    value = data.get(key)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ContentError(path, f"{where}.{key}", "required, a number")
    return value


def _minutes(data: dict, path: Path, where: str) -> int:
    value = data.get("minutes")
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ContentError(path, f"{where}.minutes", "required, a whole number of minutes (1 or more)")
    return value


def _items(data: dict, key: str, path: Path, where: str, keys: set[str], optional: set[str] = frozenset()):
    """A list of mappings with exactly these keys (optional ones may be left out)."""
    raw = data.get(key)
    if not isinstance(raw, list) or not raw:
        raise ContentError(path, f"{where}.{key}", "required, a list")
    for number, item in enumerate(raw, 1):
        if not isinstance(item, dict) or not keys - optional <= set(item) <= keys:
            raise ContentError(path, f"{where}.{key}[{number}]", f"needs {', '.join(sorted(keys))}")
        yield f"{where}.{key}[{number}]", item


def load_practice(data: object, path: Path) -> Practice | None:
    """The lesson's practice activity (front matter "practice:"), checked field by field."""
    if data is None:
        return None
    where = "practice"
    if not isinstance(data, dict):
        raise ContentError(path, where, "a mapping with kind, title, intro, minutes")
    kind = data.get("kind")
    if kind not in PRACTICE_KINDS:
        raise ContentError(path, f"{where}.kind", f"one of {', '.join(PRACTICE_KINDS)}")
    allowed = {"kind", "title", "intro", "minutes"} | PRACTICE_FIELDS[kind]
    unknown = sorted(str(key) for key in data if key not in allowed)
    if unknown:
        raise ContentError(path, f"{where}.{unknown[0]}", f"not a field of a {kind} practice")
    common = dict(kind=kind, title=_text(data, "title", path, where),
                  intro=_text(data, "intro", path, where), minutes=_minutes(data, path, where))
    if kind == "scam_check":
        return Practice(**common, messages=tuple(_scam_message(w, m, path) for w, m in
                                                 _items(data, "messages", path, where,
                                                        {"channel", "sender", "text", "scam", "why"})))
    if kind == "order_steps":
        steps = data.get("steps")
        if (not isinstance(steps, list) or not 3 <= len(steps) <= 6
                or not all(isinstance(s, str) and s.strip() for s in steps) or len(set(steps)) != len(steps)):
            raise ContentError(path, f"{where}.steps", "3 to 6 different steps, in the right order")
        return Practice(**common, steps=tuple(s.strip() for s in steps))
    if kind == "worksheet":
        given = () if "given" not in data else tuple(
            Amount(_text(g, "label", path, w), _number(g, "amount", path, w))
            for w, g in _items(data, "given", path, where, {"label", "amount"}))
        questions = tuple(
            WorksheetQuestion(_text(q, "label", path, w), _number(q, "answer", path, w),
                              _text(q, "hint", path, w, required=False))
            for w, q in _items(data, "questions", path, where, {"label", "answer", "hint"}, {"hint"}))
        return Practice(**common, given=given, questions=questions)
    if kind == "form":
        return Practice(**common, fields=tuple(_form_field(w, f, path) for w, f in
                                               _items(data, "fields", path, where,
                                                      {"label", "accept", "hint"}, {"hint"})))
    return Practice(**common)


def _scam_message(where: str, item: dict, path: Path) -> ScamMessage:
    if item.get("channel") not in CHANNELS:
        raise ContentError(path, f"{where}.channel", f"one of {', '.join(CHANNELS)}")
    if not isinstance(item.get("scam"), bool):
        raise ContentError(path, f"{where}.scam", "true or false")
    return ScamMessage(item["channel"], _text(item, "sender", path, where), _text(item, "text", path, where),
                       item["scam"], _text(item, "why", path, where))


def _form_field(where: str, item: dict, path: Path) -> FormField:
    accept = _text(item, "accept", path, where)
    try:
        re.compile(accept)
    except re.error as exc:
        raise ContentError(path, f"{where}.accept", f"not a valid regular expression: {exc}") from exc
    return FormField(_text(item, "label", path, where), accept, _text(item, "hint", path, where, required=False))
