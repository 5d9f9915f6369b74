"""read: decoding by BOM / UTF-8 / GB18030, line ends, binary files, path expansion."""

import codecs
import io
import sys

import pytest

from bulletin_cli.errors import InputError
from bulletin_cli.read import decode_bytes, expand_paths, normalise_text, read_source

PAGE = "河北区金海湾社区\n\n本报讯 社区近日为老年居民免费理发，一共服务六十多位老人。\n"


def _write(tmp_path, name, data: bytes):
    path = tmp_path / name
    path.write_bytes(data)
    return path


# --- encodings ---------------------------------------------------------------


def test_utf8_without_bom(tmp_path):
    src = read_source(str(_write(tmp_path, "a.txt", PAGE.encode("utf-8"))))
    assert src.text == PAGE
    assert src.encoding == "utf-8"


def test_utf8_with_bom_drops_the_bom(tmp_path):
    src = read_source(str(_write(tmp_path, "a.txt", codecs.BOM_UTF8 + PAGE.encode("utf-8"))))
    assert src.text == PAGE
    assert not src.text.startswith("\ufeff")
    assert src.encoding == "utf-8-sig"


def test_gb18030_is_detected(tmp_path):
    src = read_source(str(_write(tmp_path, "a.txt", PAGE.encode("gb18030"))))
    assert src.text == PAGE
    assert src.encoding == "gb18030"


def test_gb18030_starting_with_a_utf8_lookalike_is_detected(tmp_path):
    text = "小区议事会解决烦心事\n\n本报讯 社区近日召开小区议事会，居民代表各抒己见。\n"
    src = read_source(str(_write(tmp_path, "a.txt", text.encode("gb18030"))))
    assert src.text == text
    assert src.encoding == "gb18030"


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_with_bom(tmp_path, codec):
    bom = {"utf-16": b"", "utf-16-le": codecs.BOM_UTF16_LE, "utf-16-be": codecs.BOM_UTF16_BE}[codec]
    src = read_source(str(_write(tmp_path, "a.txt", bom + PAGE.encode(codec))))
    assert src.text == PAGE
    assert src.encoding == "utf-16"


@pytest.mark.parametrize("newline", ["\r\n", "\r"])
def test_crlf_and_cr_line_ends_become_lf(tmp_path, newline):
    data = PAGE.replace("\n", newline).encode("utf-8")
    src = read_source(str(_write(tmp_path, "a.txt", data)))
    assert src.text == PAGE
    assert "\r" not in src.text


def test_normalise_text_drops_control_characters_but_keeps_tabs():
    assert normalise_text("标题\x07\t正文\x00\x7f\ufeff。") == "标题\t正文。"


def test_encoding_override_decodes_as_told(tmp_path):
    # UTF-16 without a BOM looks binary to detection; --encoding reads it.
    path = _write(tmp_path, "a.txt", PAGE.encode("utf-16-le"))
    with pytest.raises(InputError, match="binary data"):
        read_source(str(path))
    src = read_source(str(path), encoding="utf-16-le")
    assert src.text == PAGE
    assert src.encoding == "utf-16-le"


def test_encoding_override_is_strict_and_names_the_byte(tmp_path):
    path = _write(tmp_path, "gb.txt", PAGE.encode("gb18030"))
    with pytest.raises(InputError) as err:
        read_source(str(path), encoding="utf-8")
    message = str(err.value)
    assert str(path) in message
    assert "not valid utf-8 at byte 0" in message
    assert "--encoding" in message


def test_unknown_encoding_name(tmp_path):
    path = _write(tmp_path, "a.txt", PAGE.encode("utf-8"))
    with pytest.raises(InputError, match=r"unknown encoding 'klingon'") as err:
        read_source(str(path), encoding="klingon")
    assert str(path) in str(err.value)


# --- binary files ------------------------------------------------------------


@pytest.mark.parametrize(
    "data, what",
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "a PNG image"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "a PDF file"),
        (b"PK\x03\x04\x14\x00\x06\x00", "a ZIP archive"),
    ],
)
def test_binary_magic_is_named(tmp_path, data, what):
    path = _write(tmp_path, "scan.txt", data + bytes(range(256)))
    with pytest.raises(InputError) as err:
        read_source(str(path))
    message = str(err.value)
    assert message.startswith(f"{path}: is {what}")
    assert "not a text page" in message


def test_nul_bytes_are_binary(tmp_path):
    path = _write(tmp_path, "blob.txt", b"abc\x00\x00\x01\x02def")
    with pytest.raises(InputError, match="binary data") as err:
        read_source(str(path))
    assert str(path) in str(err.value)


def test_invalid_utf8_inside_chinese_text_names_the_offset(tmp_path):
    good = "本报讯 社区近日开展活动，居民积极参与。".encode()
    data = good + b"\xff\xfe" + good
    path = _write(tmp_path, "broken.txt", data)
    with pytest.raises(InputError) as err:
        read_source(str(path))
    message = str(err.value)
    assert str(path) in message
    assert f"invalid UTF-8 at byte {len(good)}" in message
    assert "--encoding" in message


def test_neither_utf8_nor_gb18030(tmp_path):
    path = _write(tmp_path, "x.txt", b"abc \x80\xff")
    with pytest.raises(InputError, match=r"neither UTF-8 nor GB18030 \(invalid byte at offset 4\)"):
        read_source(str(path))


def test_decode_bytes_uses_label_in_messages():
    with pytest.raises(InputError, match=r"^<stdin>: binary data"):
        decode_bytes(b"\x00\x01", "<stdin>")


def test_stdin_is_read_as_bytes(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(PAGE.encode("gb18030"))))
    src = read_source("-")
    assert (src.name, src.text, src.encoding) == ("<stdin>", PAGE, "gb18030")


def test_reading_a_folder_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="is a folder"):
        read_source(str(tmp_path))


# --- expand_paths --------------------------------------------------------------


def test_expand_paths_folder_is_recursive_sorted_txt_only(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "deep").mkdir()
    for rel in ("z.txt", "b/a.txt", "b/deep/c.txt", "notes.md", "b/img.png"):
        (tmp_path / rel).write_text("x", encoding="utf-8")
    got = list(expand_paths([str(tmp_path)]))
    assert got == [str(tmp_path / rel) for rel in ("b/a.txt", "b/deep/c.txt", "z.txt")]


def test_expand_paths_keeps_files_and_stdin_in_order(tmp_path):
    f = tmp_path / "page.dat"
    f.write_text("x", encoding="utf-8")
    assert list(expand_paths([str(f), "-"])) == [str(f), "-"]


def test_expand_paths_missing_path(tmp_path):
    missing = str(tmp_path / "nope.txt")
    with pytest.raises(InputError, match=r"nope\.txt: no such file or folder"):
        list(expand_paths([missing]))


def test_expand_paths_empty_folder(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "readme.md").write_text("x", encoding="utf-8")
    with pytest.raises(InputError, match="folder holds no .txt files") as err:
        list(expand_paths([str(empty)]))
    assert str(empty) in str(err.value)
