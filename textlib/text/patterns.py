"""Regular expressions and character classes shared by the pipeline stages, compiled once."""

from __future__ import annotations

import re

import numpy as np

CN_DIGITS = "〇零一二三四五六七八九十百两"
HSPACE = " \t\u3000\u00a0"

#: A plan header of the scraped page: ``篇一:2022年精神文明建设工作要点``.
PLAN_HEADER = re.compile(rf"^[{HSPACE}]*篇([{CN_DIGITS}]+)[{HSPACE}]*[:\uff1a](.*)$")

#: A header of a part inside a plan: ``2022 年精神文明建设工作方案 篇二`` (see
#: :class:`PartHeaderPattern`: the bare regex backtracks for minutes on long space runs).
_PART_HEADER_REGEX = re.compile(
    rf"^[{HSPACE}]*([^。,\uff0c;\uff1b]{{2,60}}?)[{HSPACE}]*篇([{CN_DIGITS}]+)[{HSPACE}]*$"
)
_PART_TITLE_FORBIDDEN = frozenset("。,\uff0c;\uff1b")


class PartHeaderPattern:
    """:data:`_PART_HEADER_REGEX` in linear time: ``match`` first checks, in one pass, the
    conditions under which the regex can match (a trailing ``篇`` + numeral; at most 60
    characters of title between the edge spaces, none of them ``。,，;；``) and runs the regex
    only then, when it cannot backtrack far. Results equal ``_PART_HEADER_REGEX.match``."""

    regex = _PART_HEADER_REGEX
    pattern = _PART_HEADER_REGEX.pattern

    def match(self, line: str) -> re.Match[str] | None:
        """The regex's match of ``line``, or None."""
        body = line[:-1] if line.endswith("\n") else line
        core = body.rstrip(HSPACE)
        j = len(core)
        while j > 0 and core[j - 1] in CN_DIGITS:
            j -= 1
        if j == len(core) or j == 0 or core[j - 1] != "篇":
            return None
        prefix = core[: j - 1]
        size = len(prefix)
        lead = size - len(prefix.lstrip(HSPACE))
        end = len(prefix.rstrip(HSPACE))
        if any(ch in _PART_TITLE_FORBIDDEN for ch in prefix[lead:end]):
            return None
        if max(0, end - 60) > min(lead, size - 2):
            return None
        return self.regex.match(line)


PART_HEADER = PartHeaderPattern()

#: Web boilerplate that ends the last plan of a page.
FOOTER = re.compile(
    r"^\s*+(?:推荐访问|相关推荐|相关文章|上一篇|下一篇|Copyright|.*版权所有|.*www\.|Top\s*$)"
)

#: A PDF page marker at the start of a line: ``— 3 —``, ``mdash; 1 —`` (an HTML entity that
#: lost its ``&``), ``- 4 -``.
PAGE_MARKER = re.compile(
    rf"^[{HSPACE}]*(?:&?mdash;|[—–-])[{HSPACE}]*\d{{1,4}}[{HSPACE}]*(?:&?mdash;|[—–-])[{HSPACE}]*",
    re.MULTILINE,
)

#: Outline heading markers at the start of a paragraph: ``一、`` ``(一)`` ``（一）`` ``1.`` ``1、``.
HEADING_MARKER = re.compile(
    rf"^(?:[{CN_DIGITS}]+、|[(（][{CN_DIGITS}]+[)）]|\d{{1,2}}(?:[.．](?!\d)|、)|第[{CN_DIGITS}\d]+[章节条部分])"
)

#: Characters that end a paragraph: a line ending in one of these is not a broken line.
PARAGRAPH_END = frozenset("。!?;:….)>\uff01\uff1f\uff1b\uff1a\uff09\u3015\u3011\u300b")

#: Punctuation that only occurs inside sentences; title lines have none of it.
SENTENCE_PUNCT = re.compile(r"[。,\uff0c、;\uff1b!?\uff01\uff1f]")

#: Document genre words that end a title (``…工作要点``, ``…规划``, ``…的讲话``).
GENRE_WORDS = (
    "要点|规划|计划|安排|方案|讲话|办法|意见|通知|决定|报告|总结|细则|纲要|措施|条例|规定"
    "|规则|章程|公告|批复|决议|建议|指南|清单|纪要|发言|致辞"
)

#: A title line: no sentence punctuation, ends in a genre word, maybe ``(2022 年)`` / ``篇二``.
#: Possessive quantifiers (``*+``) keep it linear on long space runs; they change no result
#: because the classes they separate do not overlap.
TITLE_LINE = re.compile(
    rf"^[^。,\uff0c;\uff1b!?\uff01\uff1f]*(?:{GENRE_WORDS})[{HSPACE}]*+"
    rf"(?:[(\uff08][^()\uff08\uff09]*+[)\uff09])?"
    rf"(?:[{HSPACE}]*+篇[{CN_DIGITS}]++)?[{HSPACE}]*+$"
)

#: The title at the start of a long first paragraph: the shortest prefix ending in a genre word.
TITLE_PREFIX = re.compile(rf"^.{{2,40}}?(?:{GENRE_WORDS})")

#: Horizontal whitespace runs inside a line.
HSPACE_RUN = re.compile(rf"[{HSPACE}]+")

#: Redaction placeholders: runs of X/x not inside a Latin word, and runs of ``*``.
PLACEHOLDER = re.compile(r"(?<![A-Za-z])[Xx]+(?![A-Za-z])|\*+")

#: An ending cut by the web page: a trailing ``...`` or ``…``. A run is tried only from its
#: first character and never given back, so a long run of dots is scanned once.
TRUNCATION = re.compile(r"(?:(?<!\.)\.{3,}+|(?<!…)…++)\s*+$")

#: Decoding damage: U+FFFD replacement characters (bytes a decoder could not read, as in
#: ``二��三五年``), ``锟斤拷`` (U+FFFD's UTF-8 bytes read again as GBK), ``烫烫烫``/``屯屯屯``
#: (uninitialised memory printed as GBK), and UTF-8 read as Latin-1 or cp1252 (``ä¸­æ–‡``
#: for 中文: two or more runs of a lead letter and its continuation bytes).
_CONTINUATION = (
    "\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
    "\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122"
)
DECODING_DAMAGE = re.compile(
    rf"\ufffd+|(?:锟斤拷)+|烫烫烫+|屯屯屯+|(?:[\u00c2-\u00f4][{_CONTINUATION}]{{1,3}}){{2,}}"
)


def is_han(ch: str) -> bool:
    """True for a CJK unified ideograph (basic block, extension A, compatibility)."""
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf" or "\uf900" <= ch <= "\ufaff"


def is_cjk(ch: str) -> bool:
    """Han, CJK punctuation, full-width forms or curly quotes: the Chinese side of a space."""
    return (
        is_han(ch)
        or "\u3000" <= ch <= "\u303f"
        or "\uff00" <= ch <= "\uffef"
        or "\u2018" <= ch <= "\u201f"
        or ch in "…—·"
    )


def count_han(text: str) -> int:
    """Number of Han characters in ``text`` (the ranges of :func:`is_han`), counted with a
    numpy range check over the code points, not a Python call per character."""
    codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    han = (
        ((codes >= 0x4E00) & (codes <= 0x9FFF))
        | ((codes >= 0x3400) & (codes <= 0x4DBF))
        | ((codes >= 0xF900) & (codes <= 0xFAFF))
    )
    return int(han.sum())


_CN_VALUES = {
    "〇": 0,
    "零": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}


def chinese_numeral(text: str) -> int:
    """Value of a Chinese numeral up to 999: ``十一`` → 11, ``二十三`` → 23, ``一百零五`` → 105."""
    if not text:
        raise ValueError("empty numeral")
    total, current = 0, 0
    for ch in text:
        if ch in _CN_VALUES:
            current = _CN_VALUES[ch]
        elif ch == "十":
            total += (current or 1) * 10
            current = 0
        elif ch == "百":
            total += (current or 1) * 100
            current = 0
        else:
            raise ValueError(f"not a Chinese numeral: {text!r}")
    return total + current


#: A salutation line opening a speech (``各位代表：``, ``同志们：``, ``各位委员：``): not a title.
SALUTATION = re.compile(
    r"^(?:各位|尊敬的|亲爱的|同志们|女士们|先生们|朋友们|代表们|委员们)(?:[^。]{0,30}[:\uff1a!\uff01])?$"
)

#: Invisible characters (zero-width space, non-joiner, joiner, word joiner, BOM).
ZERO_WIDTH_CHARS = "\u200b\u200c\u200d\u2060\ufeff"
ZERO_WIDTH = re.compile(f"[{ZERO_WIDTH_CHARS}]")

#: Full-width ASCII digits and letters (Ａ-Ｚ ａ-ｚ ０-９).
FULLWIDTH_ALNUM = re.compile("[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]")

#: A bare level-1 heading line of older documents: only a Chinese numeral (``一``, ``十二``).
BARE_NUMERAL_LINE = re.compile(rf"^[{HSPACE}]*([{CN_DIGITS}]{{1,3}})[{HSPACE}]*$")
