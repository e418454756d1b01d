"""Decoding text files of unknown encoding, in a fixed and documented order.

:func:`detect_and_decode` tries, in order: a byte-order mark (UTF-32 LE/BE, UTF-8, UTF-16
LE/BE; longest first) → strict UTF-8 → the legacy Chinese encodings GB18030 (a superset of
GBK and GB2312) and Big5 → BOM-less UTF-16 → charset-normalizer as the last resort. GB18030
decodes almost any byte string, so GB18030 and Big5 are both tried and scored by the share of
their decoded Han characters that are *common* in that encoding (GB2312 level 1 for GB18030,
the Big5 frequent range A440–C67E for Big5): the right one scores near 1, the wrong one about
half. A legacy decoding is accepted only if it holds no NUL or control characters (which mark
UTF-16) and scores at least :data:`MIN_COMMON_SHARE`.

A text of rare characters scores low in both; when neither reaches the threshold, a decoding
mostly of Han characters (at least :data:`MIN_HAN_SHARE` of its non-space characters) and
without private-use characters is still accepted: the one whose characters are less rare in
its own encoding (:func:`_tier`), GB18030 on a tie. A valid GBK file of rare characters is
Chinese, not an error.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from textlib.errors import UndecodableFileError

#: Byte-order marks, longest first: the UTF-32 LE mark begins with the UTF-16 LE one, so a
#: UTF-32 file checked for UTF-16 first would be read as UTF-16 with a NUL after each character.
BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
MIN_COMMON_SHARE = 0.6
MIN_HAN_SHARE = 0.5
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_HAN = re.compile(r"[\u3400-\u9fff]")
_PRIVATE = re.compile("[\ue000-\uf8ff\ufffd]")
ORDER = ("BOM", "utf-8", "gb18030", "big5", "utf-16 (no BOM)", "charset-normalizer")


def _common_share(text: str, encoding: str) -> float:
    """Share of the Han characters of ``text`` that are common in ``encoding``."""
    han = _HAN.findall(text)
    if not han:
        return 1.0
    common = 0
    for ch in han:
        try:
            code = ch.encode("gb2312" if encoding == "gb18030" else "big5")
        except UnicodeEncodeError:
            continue
        if len(code) != 2:
            continue
        if encoding == "gb18030":
            common += 0xB0 <= code[0] <= 0xD7  # GB2312 level 1: the 3755 common characters
        else:
            common += 0xA440 <= int.from_bytes(code, "big") <= 0xC67E  # Big5 常用字
    return common / len(han)


def _best_decoding(data: bytes, encodings, score, threshold: float) -> tuple[str, str] | None:
    """``(text, encoding)`` of the decoding without control characters that scores highest
    (at least ``threshold``), or None."""
    best: tuple[float, str, str] | None = None
    for encoding in encodings:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _CONTROL.search(text):
            continue
        value = score(text, encoding)
        if value >= threshold and (best is None or value > best[0]):
            best = (value, encoding, text)
    return None if best is None else (best[2], best[1])


def _han_share(text: str) -> float:
    """Share of the non-space characters of ``text`` that are Han characters."""
    shown = [ch for ch in text if not ch.isspace()]
    return sum(1 for ch in shown if _HAN.match(ch)) / max(len(shown), 1)


def _tier(ch: str, encoding: str) -> int:
    """How rare a Han character is in ``encoding``: 0 in its common level (GB2312 level 1,
    Big5 A440–C67E), 1 in its second level (GB2312 level 2, Big5 C940–F9D5), 2 beyond."""
    try:
        code = ch.encode("gb2312" if encoding == "gb18030" else "big5")
    except UnicodeEncodeError:
        return 2
    if len(code) != 2:
        return 2
    if encoding == "gb18030":
        return 0 if 0xB0 <= code[0] <= 0xD7 else 1 if 0xD8 <= code[0] <= 0xF7 else 2
    value = int.from_bytes(code, "big")
    return 0 if 0xA440 <= value <= 0xC67E else 1 if 0xC940 <= value <= 0xF9D5 else 2


def _rare_score(text: str, encoding: str) -> float:
    """For a decoding mostly of Han characters and without private-use characters (the
    wrong one of GB18030 and Big5 decodes into those, or into the rarer characters of its
    encoding): minus the mean :func:`_tier` of its Han characters; -9 otherwise."""
    if _PRIVATE.search(text) or _han_share(text) < MIN_HAN_SHARE:
        return -9.0
    han = _HAN.findall(text)
    return -sum(_tier(ch, encoding) for ch in han) / len(han)


def _legacy(data: bytes) -> tuple[str, str] | None:
    """The better of the GB18030 and Big5 decodings, or None if neither is plausible: scored
    by common characters, else (rare characters) the one mostly of Han characters."""
    found = _best_decoding(data, ("gb18030", "big5"), _common_share, MIN_COMMON_SHARE)
    if found is not None:
        return found
    return _best_decoding(data, ("gb18030", "big5"), _rare_score, -2.0)


def _plausible_share(text: str) -> float:
    """Share of characters that are ASCII, CJK (punctuation, Han) or full-width forms."""
    plain = sum(1 for ch in text if ch < "\x7f" or "\u3000" <= ch <= "\u9fff" or ch >= "\uff00")
    return plain / max(len(text), 1)


def _utf16_no_bom(data: bytes) -> tuple[str, str] | None:
    """BOM-less UTF-16: of the little- and big-endian decodings without control characters,
    the one whose characters are (at least 90 %) ASCII, CJK and full-width forms; the wrong
    byte order gives scattered code points."""
    if len(data) < 2 or len(data) % 2:
        return None
    return _best_decoding(
        data, ("utf-16-le", "utf-16-be"), lambda text, _: _plausible_share(text), 0.9
    )


def _charset_normalizer(data: bytes) -> tuple[str, str] | None:
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        return None
    return str(best), codecs.lookup(best.encoding).name


def detect_and_decode(data: bytes, path: Path | str, encoding: str = "auto") -> tuple[str, str]:
    """``(text, encoding)`` of a text file's bytes; ``encoding`` other than ``"auto"`` is used
    as given (strictly). A BOM is dropped. Raises :class:`UndecodableFileError` naming the file
    and the encodings tried."""
    if encoding != "auto":
        try:
            return data.decode(encoding).removeprefix("\ufeff"), encoding
        except LookupError:
            raise UndecodableFileError(path, [encoding], "unknown encoding name") from None
        except UnicodeDecodeError as err:
            raise UndecodableFileError(
                path, [encoding], f"byte offset {err.start}: {err.reason}"
            ) from None
    for bom, name in BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(name.removesuffix("-sig")), name
            except UnicodeDecodeError as err:
                raise UndecodableFileError(
                    path, [name], f"byte offset {err.start + len(bom)}: {err.reason}"
                ) from None
    detail = ""
    try:
        text = data.decode("utf-8")
        if "\x00" not in text:  # NULs in valid UTF-8 mean BOM-less UTF-16 of ASCII
            return text, "utf-8"
    except UnicodeDecodeError as err:
        detail = f"not UTF-8 from byte offset {err.start}"
    for attempt in (_legacy, _utf16_no_bom, _charset_normalizer):
        found = attempt(data)
        if found is not None:
            return found
    try:
        data.decode("gb18030")
    except UnicodeDecodeError as err:
        detail += f", not GB18030 from byte offset {err.start}"
    raise UndecodableFileError(path, ORDER[1:], detail.lstrip(", "))


def detect_file_encoding(
    path: Path | str, encoding: str = "auto", *, sample_bytes: int = 1 << 20
) -> tuple[str, str]:
    """``(codec, name)`` of a text file too large to hold: the codec to read it with
    (``open``, pandas) and the encoding's name as :func:`detect_and_decode` reports it.

    Decided without holding the file: a BOM; else UTF-8 when the whole file decodes as UTF-8
    without NULs (checked block by block); else what :func:`detect_and_decode` picks on the
    first ``sample_bytes`` (cut after a line break). The whole file is then checked with that
    codec; a byte it cannot decode raises :class:`UndecodableFileError` naming its offset."""
    with open(path, "rb") as handle:
        head = handle.read(sample_bytes)
        whole = not handle.read(1)
    if encoding != "auto":
        codec = name = encoding
        try:
            codecs.lookup(encoding)
        except LookupError:
            raise UndecodableFileError(path, [encoding], "unknown encoding name") from None
    else:
        bom = next((name for mark, name in BOMS if head.startswith(mark)), None)
        if bom is not None:
            codec, name = bom.removesuffix("-le").removesuffix("-be"), bom
        elif (failed := _undecodable_at(path, "utf-8", nul_fails=True)) is None:
            codec = name = "utf-8"
        else:
            sample = head if whole else _sample(path, head, failed, sample_bytes)
            _, name = detect_and_decode(sample, path)
            codec = name
    offset = _undecodable_at(path, codec)
    if offset is not None:
        raise UndecodableFileError(path, [name], f"byte offset {offset}: not {name}")
    return codec, name


def _sample(path: Path | str, head: bytes, failed: int, size: int) -> bytes:
    """The file's first lines plus the lines from where UTF-8 first failed (so a file whose
    first megabyte is plain ASCII is judged on its Chinese text), cut at line breaks: no
    GB18030 or Big5 character holds a line-break byte."""
    with open(path, "rb") as handle:
        handle.seek(max(0, failed - 4096))
        window = handle.read(size)
    start = window.find(b"\n") + 1
    end = window.rfind(b"\n") + 1
    first = head[: head.rfind(b"\n") + 1] or head
    return first + (window[start:end] if end > start else b"")


def _undecodable_at(path: Path | str, codec: str, *, nul_fails: bool = False) -> int | None:
    """The byte offset of the block where ``codec`` first fails on the file (a NUL counts as
    a failure with ``nul_fails``), or None when the whole file decodes."""
    decoder = codecs.getincrementaldecoder(codec)(errors="strict")
    done = 0
    with open(path, "rb") as handle:
        while block := handle.read(1 << 20):
            try:
                text = decoder.decode(block)
            except UnicodeDecodeError as err:
                return done + max(err.start, 0)
            if nul_fails and "\x00" in text:
                return done
            done += len(block)
    try:
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return done
    return None
