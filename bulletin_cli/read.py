"""Turn a path or "-" into decoded Sources: encodings, line ends, binary files."""

from __future__ import annotations

import codecs
import os
import re
import sys
from collections.abc import Iterator
from pathlib import Path

from bulletin_cli.errors import InputError
from bulletin_cli.models import Source

# Signatures of files users pass by mistake, so the message can say what it is.
_MAGIC = {
    b"%PDF": "a PDF file",
    b"PK\x03\x04": "a ZIP archive (a .docx or .xlsx document?)",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"\xd0\xcf\x11\xe0": "an old Office document (.doc)",
}
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Control characters other than tab and newline carry nothing in a page.
_CONTROL = dict.fromkeys(c for c in range(32) if c not in (9, 10))
_CONTROL[0x7F] = None
_CONTROL[0xFEFF] = None
_CONTROL[0xE000] = None  # repair.WEB_MARK: a page never carries it
# A bulletin page is tens of kilobytes, a few hundred lines, paragraphs of a few thousand
# characters. Input far beyond that is a whole archive or not a page at all, and indexing it as
# one page would take minutes and gigabytes (jieba and the bigram postings grow with it), so it
# is refused, the size before the file is read. `bulletin export` files (JSON) are not pages and
# are read whole.
MAX_PAGE_BYTES = 8 * 1024 * 1024
MAX_PAGE_LINES = 50_000
MAX_LINE_CHARS = 200_000
_JSON_START = re.compile(rb"\A(?:\xef\xbb\xbf)?\s*(?:\{\s*\"|\[\s*[{\]])")


def expand_paths(paths: list[str]) -> Iterator[str]:
    """Yield files to read: files as given, folders as their *.txt files, "-" for stdin."""
    for raw in paths:
        if raw == "-":
            yield raw
            continue
        path = Path(raw)
        if path.is_dir():
            found = sorted(p for p in path.rglob("*.txt") if p.is_file())
            if not found:
                raise InputError(f"{raw}: folder holds no .txt files; pass text files or a folder of them")
            yield from (str(p) for p in found)
        elif path.exists():
            yield raw
        else:
            raise InputError(f"{raw}: no such file or folder")


def read_source(name: str, encoding: str | None = None) -> Source:
    """Read one file (or stdin for "-") and decode it to normalised text."""
    try:
        if name == "-":
            data = sys.stdin.buffer.read()
            label = "<stdin>"
        else:
            label = name
            path = Path(name)
            if path.stat().st_size > MAX_PAGE_BYTES and not _JSON_START.match(_head(path)):
                raise InputError(_too_large(label, path.stat().st_size))
            data = path.read_bytes()
    except PermissionError:
        raise InputError(f"{name}: permission denied; check the file's read permission") from None
    except IsADirectoryError:
        raise InputError(f"{name}: is a folder, not a file") from None
    except OSError as exc:
        raise InputError(f"{name}: cannot read ({exc.strerror or exc})") from None
    text, used = decode_bytes(data, label, encoding)
    text = normalise_text(text)
    if not _JSON_START.match(data[:64]):
        if len(data) > MAX_PAGE_BYTES:
            raise InputError(_too_large(label, len(data)))
        _check_lines(text, label)
    return Source(name=label if name == "-" else os.path.normpath(name), text=text, encoding=used)


def _head(path: Path) -> bytes:
    with path.open("rb") as file:
        return file.read(64)


def _too_large(label: str, size: int) -> str:
    return (
        f"{label}: {size / 1024 / 1024:.1f} MB, too large for one bulletin page "
        f"(at most {MAX_PAGE_BYTES // 1024 // 1024} MB); split it into one file per page"
    )


def _check_lines(text: str, label: str) -> None:
    """Refuse text with far more lines than a page, or a line longer than a whole page."""
    lines = text.count("\n") + (not text.endswith("\n"))
    if lines > MAX_PAGE_LINES:
        raise InputError(
            f"{label}: {lines:,} lines, far more than one bulletin page (at most {MAX_PAGE_LINES:,}); "
            "split it into one file per page"
        )
    if len(text) <= MAX_LINE_CHARS:
        return
    start = number = 0
    while start < len(text):
        number += 1
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        if end - start > MAX_LINE_CHARS:
            raise InputError(
                f"{label}: line {number} has {end - start:,} characters, more than a whole page "
                f"(at most {MAX_LINE_CHARS:,}); is it missing its line breaks? "
                "Put each paragraph on its own line"
            )
        start = end + 1


def decode_bytes(data: bytes, label: str, encoding: str | None = None) -> tuple[str, str]:
    """Decode bytes by BOM, then UTF-8, then GB18030; or strictly by ``encoding``."""
    if encoding:
        try:
            codecs.lookup(encoding)
        except LookupError:
            raise InputError(f"{label}: unknown encoding {encoding!r}; try utf-8, gb18030 or utf-16") from None
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError as exc:
            raise InputError(
                f"{label}: not valid {encoding} at byte {exc.start}; check --encoding"
            ) from None
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec), codec
            except UnicodeDecodeError as exc:
                raise InputError(f"{label}: invalid {codec} at byte {exc.start}; check --encoding") from None
    head = data[:8192]
    for magic, what in _MAGIC.items():
        if head.startswith(magic):
            raise InputError(f"{label}: is {what}, not a text page; export it as plain text first")
    if b"\x00" in head:
        raise InputError(
            f"{label}: binary data, not a text page (UTF-16 without a BOM? then pass --encoding utf-16)"
        )
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        utf8_error = exc
    # Text that was valid UTF-8 with Chinese in it up to the error is damaged UTF-8,
    # not another encoding: say where, rather than decode it into nonsense. (A GB18030
    # pair can also be a valid UTF-8 character, but rarely a run of Han characters.)
    prefix = data[: utf8_error.start].decode("utf-8")
    if sum(1 for ch in prefix if "\u4e00" <= ch <= "\u9fff") >= 4:
        raise InputError(
            f"{label}: invalid UTF-8 at byte {utf8_error.start}; "
            "if the file is in another encoding pass --encoding (e.g. gb18030)"
        )
    try:
        return data.decode("gb18030"), "gb18030"
    except UnicodeDecodeError:
        raise InputError(
            f"{label}: neither UTF-8 nor GB18030 (invalid byte at offset {utf8_error.start}); "
            "pass --encoding with the file's encoding"
        ) from None


def normalise_text(text: str) -> str:
    """Unify line ends and drop control characters; keep the printed text otherwise.

    >>> normalise_text("标题\\r\\n\\r\\n本报讯\\r正文\\x00")
    '标题\\n\\n本报讯\\n正文'
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.translate(_CONTROL)
