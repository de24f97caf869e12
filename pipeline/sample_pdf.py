"""A small, valid one-page PDF written by hand, for demo résumés and tests (no dependency).

Text is set in Helvetica (a standard font every reader has); only Latin-1 characters are
kept, which is all the demo needs.
"""

from __future__ import annotations


def _escape(text: str) -> str:
    text = text.encode("latin-1", "replace").decode("latin-1")
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def resume_pdf(name: str, headline: str, lines: list[str]) -> bytes:
    """A one-page résumé: the name large, a headline, then one line per entry."""
    ops = ["BT", "/F1 22 Tf", "56 770 Td", f"({_escape(name)}) Tj", "ET"]
    ops += ["BT", "/F1 12 Tf", "56 746 Td", f"({_escape(headline)}) Tj", "ET"]
    ops += ["0.26 0.22 0.79 RG", "2 w", "56 732 m 539 732 l S", "0 0 0 rg"]
    y = 706
    for line in lines:
        size = 13 if line.isupper() else 11
        if line.isupper():
            y -= 8
        ops += ["BT", f"/F1 {size} Tf", f"56 {y} Td", f"({_escape(line)}) Tj", "ET"]
        y -= 18
        if y < 60:
            break
    stream = "\n".join(ops).encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)
