"""The one reader of text tables: encodings, separators, number conventions, official signs.

Inputs are built byte by byte here, so each expectation is known independently of the code.
"""

from __future__ import annotations

import codecs
import math

import pandas as pd
import pytest

from sozialraum.errors import DataError, ProblemCollector
from sozialraum.text_tables import (
    CODECS,
    CP1252,
    UTF8,
    UTF8_BOM,
    UTF16,
    Parsed,
    decode_bytes,
    decode_head,
    format_number,
    machine_numbers,
    normalize_sign,
    parse_cell,
    parse_column,
    read_canonical_table,
    read_rows,
    sniff_separator,
)

TABLE = "Stadtteil;Einwohner\nSüdstadt;1.234\nÖsterfeld;987\n"


def _decode(data: bytes) -> tuple[str | None, str | None, list[tuple[str, int | None]]]:
    problems = ProblemCollector("t.csv")
    decoded = decode_bytes(data, problems)
    found = [(p.code, p.row) for p in problems.problems]
    if decoded is None:
        return None, None, found
    return decoded.text, decoded.encoding, found


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (TABLE.encode("utf-8"), UTF8),
        (codecs.BOM_UTF8 + TABLE.encode("utf-8"), UTF8_BOM),
        (TABLE.encode("cp1252"), CP1252),
        (TABLE.encode("utf-16"), UTF16),  # Python writes a BOM
        (codecs.BOM_UTF16_BE + TABLE.encode("utf-16-be"), UTF16),
    ],
)
def test_every_supported_encoding_gives_the_same_text(data: bytes, encoding: str) -> None:
    text, found_encoding, problems = _decode(data)
    assert text == TABLE  # the BOM is not part of the text
    assert found_encoding == encoding
    assert problems == []


def test_cp1252_bytes_are_not_mistaken_for_utf8() -> None:
    # b"\xfc" is ü in Windows-1252 and invalid as UTF-8: it must come back as ü.
    text, encoding, _ = _decode(b"name\nM\xfchlacker\n")
    assert (text, encoding) == ("name\nMühlacker\n", CP1252)


def test_mixed_encodings_are_an_error_at_the_first_odd_line() -> None:
    data = "a;b\nSüd;1\nNord;2\n".encode() + "Öst;3\n".encode("cp1252") + b"West;4\n"
    text, _, problems = _decode(data)
    assert text is None
    assert problems == [("mixed_encoding", 4)]


def test_binary_and_excel_files_are_refused() -> None:
    assert _decode(b"PK\x03\x04rest")[2] == [("xlsx_as_csv", None)]
    assert _decode(b"a;b\n\x00\x01\x02\x03")[2] == [("not_text", None)]


def test_decode_head_keeps_a_cut_multibyte_character_and_names_the_codec() -> None:
    data = "id;name\n1;Weißenfels\n".encode()
    cut = data[: data.index("ß".encode()) + 1]  # half of ß
    problems = ProblemCollector()
    decoded = decode_head(cut, problems)
    assert decoded is not None
    assert decoded.text == "id;name\n1;Wei"
    assert CODECS[decoded.encoding] == "utf-8"
    assert problems.problems == []


def test_decode_head_reports_mixed_encodings_with_the_line() -> None:
    problems = ProblemCollector()
    head = "id;name\n1;Süd\n".encode() + "2;Öst\n".encode("cp1252") + "3;Nörd".encode()
    assert decode_head(head[:-1], problems) is None  # cut inside the last ö
    assert [(p.code, p.row) for p in problems.problems] == [("mixed_encoding", 3)]


@pytest.mark.parametrize(
    ("lines", "separator"),
    [
        (["a;b;c", "1;2,5;3", "4;5,5;6"], ";"),
        (["a,b,c", "1,2.5,3", "4,5.5,6"], ","),
        (["a\tb", "1\t2"], "\t"),
        (["a|b|c", "1|2|3"], "|"),
        # Decimal commas in a ;-file make ragged comma rows: ; still wins.
        (["Bezirk;Wert", "Nord;1,5", "Süd;2", "Ost;3,25"], ";"),
    ],
)
def test_separator_sniffing(lines: list[str], separator: str) -> None:
    assert sniff_separator(lines) == separator


def test_read_rows_uses_an_excel_sep_line_and_keeps_file_line_numbers() -> None:
    data = b"sep=,\r\nBezirk,Wert\r\n\r\nNord,1.5\r\n"
    problems = ProblemCollector()
    table = read_rows(data, problems)
    assert table is not None
    assert table.separator == ","
    assert table.rows == [["Bezirk", "Wert"], ["Nord", "1.5"]]
    assert table.lines == [2, 4]  # line 3 is blank, line 1 the sep= line


def test_read_rows_reports_broken_quotes_with_the_line() -> None:
    problems = ProblemCollector()
    read_rows(b'a;b\n1;2\n3;"unclosed\n', problems)
    assert [(p.code, p.row) for p in problems.problems] == [("csv_syntax", 3)]


@pytest.mark.parametrize(
    ("cell", "default", "expected"),
    [
        ("1.234,5", "en", 1234.5),  # only German: the default does not matter
        ("1,234.5", "de", 1234.5),  # only English
        ("12,5", "en", 12.5),
        ("12.5", "de", 12.5),
        ("1.234", "de", 1234.0),  # ambiguous: the default decides
        ("1.234", "en", 1.234),
        ("1.234.567", "en", 1234567.0),  # two groups can only be thousands
        ("1 234,5", "de", 1234.5),  # space as thousands mark
        ("-3,5 %", "de", -3.5),
        ("42", "en", 42.0),
    ],
)
def test_numbers_in_both_conventions(cell: str, default: str, expected: float) -> None:
    assert parse_cell(cell, default) == Parsed(expected)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("cell", "sign"),
    [
        (".", "."),
        ("-", "-"),
        ("–", "-"),
        ("—", "-"),
        ("x", "x"),
        ("X", "x"),
        ("…", "..."),
        ("...", "..."),
    ],
)
def test_official_signs_and_their_variants(cell: str, sign: str) -> None:
    assert normalize_sign(f" {cell} ") == sign
    assert parse_cell(cell, "de") == Parsed(None, sign)


def test_text_is_no_number() -> None:
    assert parse_cell("k. A.", "de") is None
    assert normalize_sign("geheim") is None


def test_a_column_mixing_conventions_is_reported_at_the_odd_cell() -> None:
    problems = ProblemCollector("t.csv")
    cells = ["1,5", "2,5", "3.5", "4"]
    parsed = parse_column(cells, [2, 3, 4, 5], "Wert", problems, "de")
    assert [(p.code, p.row, p.column) for p in problems.problems] == [
        ("mixed_number_format", 4, "Wert")
    ]
    assert [p.value for p in parsed[:2]] == [1.5, 2.5]


def test_format_number_is_short_and_stable() -> None:
    assert format_number(1234.5) == "1234.5"
    assert format_number(1 / 3) == "0.333333"
    assert format_number(-0.0000001) == "0"
    assert format_number(float("nan")) == ""
    assert format_number(None) == ""


def test_canonical_table_names_the_line_of_a_non_utf8_byte(tmp_path) -> None:
    path = tmp_path / "values.csv"
    path.write_bytes(b"a,b\n1,2\n3,M\xfchlacker\n")
    with pytest.raises(DataError) as caught:
        read_canonical_table(path)
    assert [(p.code, p.row) for p in caught.value.problems] == [("not_utf8", 3)]


def test_canonical_table_indexes_rows_by_file_line(tmp_path) -> None:
    path = tmp_path / "values.csv"
    path.write_text("a,b\n1, 2\n\n3,4\n", encoding="utf-8")
    frame = read_canonical_table(path)
    assert frame.to_dict("index") == {2: {"a": "1", "b": "2"}, 4: {"a": "3", "b": "4"}}


def test_machine_numbers_take_either_decimal_mark() -> None:
    cells = pd.Series([" 2,5", "2.5", "-9", "4337500", "–", "", "abc"])
    result = machine_numbers(cells).tolist()
    assert result[:4] == [2.5, 2.5, -9.0, 4337500.0]
    assert all(math.isnan(v) for v in result[4:])
