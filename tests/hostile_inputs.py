"""Builders of hostile resume files (issue 16): bombs, crafted tables, broken PDFs and archives.

Shared by the regression tests (tests/unit/resumes/test_hostile_input.py), the fuzz suite and
benchmarks/fuzz_readers.py (which puts this folder on sys.path). Every builder is deterministic.
"""

from __future__ import annotations

import gzip
import io
import json
import random
import struct
import zipfile
import zlib
from importlib.resources import files
from pathlib import Path

import docx
from fpdf import FPDF

SAMPLE_RESUME = (files("careerpath") / "data" / "sample_resume.md").read_bytes()


def repeated_sample(size_bytes: int) -> bytes:
    """The bundled sample resume repeated to about ``size_bytes``."""
    copies = max(1, size_bytes // (len(SAMPLE_RESUME) + 1))
    return (SAMPLE_RESUME + b"\n") * copies


def word_flood(word: str = "Python ", count: int = 43_000) -> bytes:
    """One skill name repeated: every mention used to become an evidence item in 22 roles."""
    return (word * count).encode()


# --- PDF ---------------------------------------------------------------------------------------


def pdf_bytes(lines: list[str] | None = None, pages: int = 1) -> bytes:
    pdf = FPDF()
    pdf.set_font("Helvetica", size=11)
    for _ in range(pages):
        pdf.add_page()
        for line in lines or ["Jordan Lee", "Skills", "Python, PyTorch, SQL"]:
            pdf.cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def _raw_pdf(content: bytes, stream_dict: bytes = b"", startxref: bytes | None = None) -> bytes:
    """A one-page PDF with ``content`` as its page stream, written by hand (offsets exact)."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(content)).encode() + stream_dict + b" >>\nstream\n" + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n".encode()
    out += (startxref if startxref is not None else str(xref).encode()) + b"\n%%EOF\n"
    return bytes(out)


def pdf_startxref_overflow() -> bytes:
    """``startxref`` of 10^30: pypdf raised OverflowError."""
    return _raw_pdf(b"BT /F1 12 Tf 72 720 Td (Python) Tj ET", startxref=b"1" + b"0" * 30)


def pdf_unknown_filter() -> bytes:
    """A page stream with ``/Filter /FooDecode``: pypdf raised NotImplementedError."""
    return _raw_pdf(b"garbage", stream_dict=b" /Filter /FooDecode")


def pdf_deflate_bomb(decompressed: int = 64 * 1024 * 1024) -> bytes:
    """A page stream that inflates to ``decompressed`` bytes of spaces (about 64 KB on disk)."""
    return _raw_pdf(zlib.compress(b" " * decompressed, 9), stream_dict=b" /Filter /FlateDecode")


def pdf_many_pages(pages: int = 2_000) -> bytes:
    """A page tree with ``pages`` pages sharing one content stream."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []

    def add(body: bytes) -> None:
        offsets.append(len(out))
        out.extend(f"{len(offsets)} 0 obj\n".encode() + body + b"\nendobj\n")

    kids = " ".join(f"{5 + i} 0 R" for i in range(pages)).encode()
    add(b"<< /Type /Catalog /Pages 2 0 R >>")
    add(b"<< /Type /Pages /Kids [" + kids + b"] /Count " + str(pages).encode() + b" >>")
    content = b"BT /F1 12 Tf 72 720 Td (Python and SQL) Tj ET"
    add(b"<< /Length " + str(len(content)).encode() + b" >>\nstream\n" + content + b"\nendstream")
    add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    resources = b"/Resources << /Font << /F1 4 0 R >> >> >>"
    for _ in range(pages):
        add(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 3 0 R " + resources)
    xref = len(out)
    out += f"xref\n0 {len(offsets) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += f"trailer\n<< /Size {len(offsets) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


# --- DOCX --------------------------------------------------------------------------------------

_TABLE = (
    '<w:tbl><w:tblGrid><w:gridCol w:w="2000"/></w:tblGrid>{rows}</w:tbl>'
    "<w:p><w:r><w:t>Skills: Python, SQL</w:t></w:r></w:p>"
)


def docx_bytes(paragraphs: list[str] | None = None) -> bytes:
    document = docx.Document()
    document.add_heading("Jordan Lee", level=0)
    for text in paragraphs or ["Experience", "Built Python and PyTorch pipelines.", "Skills", "Python, SQL"]:
        document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _replace_part(data: bytes, part: str, transform: object) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == part:
                content = transform(content)  # type: ignore[operator]
            target.writestr(info.filename, content)
    return out.getvalue()


def docx_with_body(body_xml: str) -> bytes:
    """A real .docx whose body is ``body_xml`` (WordprocessingML inside <w:body>)."""

    def swap(xml: bytes) -> bytes:
        head, _, rest = xml.partition(b"<w:body>")
        _, _, tail = rest.partition(b"<w:sectPr")
        return head + b"<w:body>" + body_xml.encode() + b"<w:sectPr" + tail

    return _replace_part(docx_bytes(), "word/document.xml", swap)


def docx_grid_span(span: int = 1_000_000) -> bytes:
    """One cell spanning ``span`` grid columns: python-docx's grid repeated it ``span`` times."""
    cell = f'<w:tc><w:tcPr><w:gridSpan w:val="{span}"/></w:tcPr><w:p><w:r><w:t>Python</w:t></w:r></w:p></w:tc>'
    return docx_with_body(_TABLE.format(rows=f"<w:tr>{cell}</w:tr>"))


def docx_vmerge_rows(rows: int = 20_000) -> bytes:
    """A cell merged down ``rows`` rows: python-docx walked the merge chain once per row."""
    first = (
        '<w:tr><w:tc><w:tcPr><w:vMerge w:val="restart"/></w:tcPr><w:p><w:r><w:t>PyTorch</w:t></w:r></w:p></w:tc></w:tr>'
    )
    rest = "<w:tr><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc></w:tr>" * (rows - 1)
    return docx_with_body(_TABLE.format(rows=first + rest))


def docx_zip_bomb(part_bytes: int = 48 * 1024 * 1024) -> bytes:
    """A .docx with an embedded part that inflates to ``part_bytes`` (about 50 KB on disk)."""
    data = io.BytesIO(docx_bytes())
    with zipfile.ZipFile(data, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/media/image1.bin", b"\0" * part_bytes)
    return data.getvalue()


def _patch_local_header(data: bytes, name: bytes, offset: int, fmt: str, value: int) -> bytes:
    """Patch a field of the local and central headers of member ``name`` (zip spec offsets)."""
    out = bytearray(data)
    for signature, field_offset in ((b"PK\x03\x04", offset), (b"PK\x01\x02", offset + 2)):
        start = 0
        while (start := out.find(signature, start)) != -1:
            name_at = start + (30 if signature == b"PK\x03\x04" else 46)
            if out[name_at : name_at + len(name)] == name:
                struct.pack_into(fmt, out, start + field_offset, value)
            start += 4
    return bytes(out)


def docx_unknown_method() -> bytes:
    """document.xml with compression method 99: zipfile raised NotImplementedError."""
    return _patch_local_header(docx_bytes(), b"word/document.xml", 8, "<H", 99)


def docx_encrypted_flag() -> bytes:
    """document.xml flagged as encrypted: zipfile raised RuntimeError."""
    return _patch_local_header(docx_bytes(), b"word/document.xml", 6, "<H", 1)


def docx_corrupt_deflate() -> bytes:
    """document.xml with its deflate stream overwritten: zlib.error escaped python-docx."""
    data = bytearray(docx_bytes())
    start = data.find(b"word/document.xml")  # local header name; the data follows it
    for index in range(start + 40, start + 240):
        data[index] = 0xFF
    return bytes(data)


# --- JSON Resume -------------------------------------------------------------------------------


def json_big_int(digits: int = 5_000) -> bytes:
    return b'{"basics": {"name": "Jordan"}, "work": [{"position": ' + b"9" * digits + b"}]}"


def json_deep(depth: int = 100_000) -> bytes:
    return b'{"basics": ' + b"[" * depth + b"]" * depth + b"}"


# --- Mutations ---------------------------------------------------------------------------------


def truncated(data: bytes, rng: random.Random) -> bytes:
    return data[: rng.randrange(1, max(2, len(data)))]


def bit_flipped(data: bytes, rng: random.Random, flips: int = 8) -> bytes:
    out = bytearray(data)
    for _ in range(flips):
        index = rng.randrange(len(out))
        out[index] ^= 1 << rng.randrange(8)
    return bytes(out)


# --- Random cases (fuzzing) --------------------------------------------------------------------

_SUFFIXES = (".pdf", ".docx", ".txt", ".md", ".json", "", ".TXT", ".markdown", ".zip", ".png")


def json_resume() -> bytes:
    return json.dumps(
        {
            "basics": {"name": "Jordan Lee", "label": "ML Engineer", "summary": "Builds PyTorch models."},
            "work": [{"position": "ML Engineer", "name": "Acme", "startDate": "2020-01", "highlights": ["Python"]}],
            "education": [{"studyType": "MSc", "area": "Statistics", "institution": "Edinburgh"}],
            "skills": [{"name": "ML", "keywords": ["PyTorch", "SQL", "Docker"]}],
        }
    ).encode()


def seed_corpus() -> list[tuple[str, bytes]]:
    """Valid files of every format: the starting points the mutations damage."""
    lines = SAMPLE_RESUME.decode().splitlines()[:40]
    return [
        ("sample.md", SAMPLE_RESUME),
        ("sample.txt", SAMPLE_RESUME),
        ("resume.pdf", pdf_bytes([line.encode("latin-1", "replace").decode("latin-1") for line in lines])),
        ("resume.docx", docx_bytes(lines)),
        ("resume.json", json_resume()),
    ]


def _mutate(data: bytes, rng: random.Random) -> bytes:
    choice = rng.randrange(6)
    if choice == 0:
        return truncated(data, rng)
    if choice == 1:
        return bit_flipped(data, rng, rng.choice((1, 8, 64)))
    if choice == 2:  # insert random bytes
        at = rng.randrange(len(data) + 1)
        return data[:at] + rng.randbytes(rng.randrange(1, 512)) + data[at:]
    if choice == 3:  # repeat a slice
        start = rng.randrange(len(data))
        piece = data[start : start + rng.randrange(1, 4096)]
        return data[:start] + piece * rng.randrange(2, 64) + data[start:]
    if choice == 4:  # delete a slice
        start = rng.randrange(len(data))
        return data[:start] + data[start + rng.randrange(1, 4096) :]
    return bytes(b ^ 0xFF if rng.random() < 0.001 else b for b in data)


def _odd_text(rng: random.Random) -> bytes:
    text = SAMPLE_RESUME.decode()
    choice = rng.randrange(6)
    if choice == 0:
        return text.encode("utf-16")
    if choice == 1:
        return text.encode("utf-16-le")  # no BOM
    if choice == 2:
        return text.encode("cp1252", "replace")
    if choice == 3:
        return text.encode("utf-8").decode("cp1252", "replace").encode("utf-8")  # mojibake
    if choice == 4:
        return "".join(chr(rng.randrange(0x20, 0x2FFFF)) for _ in range(rng.randrange(1, 20_000))).encode(
            "utf-8", "surrogatepass"
        )
    unit = rng.choice([" ", ".", "x", "2019 - ", "R, Go, ", "\t", "@", "Python ", "•", "\u00ad", "Ã©"])
    return (unit * rng.randrange(1, 200_000 // len(unit))).encode()


def random_case(rng: random.Random, seeds: list[tuple[str, bytes]], *, huge: bool = True) -> tuple[str, str, bytes]:
    """Returns (kind, file name, bytes) of one hostile resume; ``huge`` allows multi-MB texts."""
    roll = rng.random()
    if roll < 0.55:
        name, data = rng.choice(seeds)
        kind = f"mutated{Path(name).suffix}"
        data = _mutate(data, rng)
    elif roll < 0.62:
        kind, name = "random_bytes", "random" + rng.choice(_SUFFIXES)
        data = rng.randbytes(rng.randrange(1, 65_536))
    elif roll < 0.72:
        kind, name, data = "odd_text", "odd" + rng.choice((".txt", ".md", "")), _odd_text(rng)
    elif roll < 0.77:
        kind, name = "grid_span", "span.docx"
        data = docx_grid_span(rng.choice((2, 1000, 10**6, 2 * 10**9, 2**31 - 1)))
    elif roll < 0.81:
        kind, name, data = "vmerge", "merged.docx", docx_vmerge_rows(rng.randrange(2, 30_000))
    elif roll < 0.84:
        kind, name, data = "zip_bomb", "bomb.docx", docx_zip_bomb(rng.choice((1, 16, 40, 100)) * 1024 * 1024)
    elif roll < 0.87:
        kind, name, data = "pdf_pages", "pages.pdf", pdf_many_pages(rng.choice((1, 50, 101, 3000)))
    elif roll < 0.89:
        kind, name, data = "pdf_bomb", "bomb.pdf", pdf_deflate_bomb(rng.choice((1, 16, 40, 100)) * 1024 * 1024)
    elif roll < 0.93:
        builder = rng.choice((pdf_startxref_overflow, pdf_unknown_filter, docx_unknown_method, docx_encrypted_flag))
        kind, name, data = (
            "broken_" + builder.__name__,
            "broken" + (".pdf" if "pdf" in builder.__name__ else ".docx"),
            builder(),
        )
    elif roll < 0.97:
        kind = "json"
        name = rng.choice(("r.json", "r"))
        data = rng.choice(
            (json_big_int(rng.randrange(10, 10_000)), json_deep(rng.randrange(1, 200_000)), json_resume())
        )
    elif huge:
        kind, name = "huge_text", rng.choice(("huge.txt", "huge.md"))
        data = rng.choice((repeated_sample, lambda n: word_flood(count=n // 7)))(rng.randrange(1, 10 * 1024 * 1024))
    else:
        kind, name, data = "long_text", "long.txt", repeated_sample(rng.randrange(1, 200_000))
    return kind, name, data


def postings_case(rng: random.Random) -> tuple[str, str, bytes]:
    """Returns (kind, file name, bytes) of a postings file in one of the five formats, mostly damaged."""
    rows = [{"title": f"Data Scientist {i}", "company": "Acme", "description": "Python and SQL"} for i in range(200)]
    fmt = rng.choice(("csv", "jsonl", "csv.gz", "jsonl.gz", "parquet"))
    if fmt.startswith("csv"):
        data = (
            "title,company,description\n" + "".join(f"{r['title']},{r['company']},{r['description']}\n" for r in rows)
        ).encode()
    elif fmt.startswith("jsonl"):
        data = "".join(json.dumps(r) + "\n" for r in rows).encode()
    else:
        import pyarrow as pa
        import pyarrow.parquet as pq

        buffer = io.BytesIO()
        pq.write_table(pa.Table.from_pylist(rows), buffer)
        data = buffer.getvalue()
    if fmt.endswith(".gz"):
        data = gzip.compress(data)
    if rng.random() < 0.9:
        data = _mutate(data, rng)
    return f"postings.{fmt}", f"postings.{fmt}", data
