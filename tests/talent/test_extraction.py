"""Reading résumés' text (issue 22, "Text from résumés"): real PDF, Word and OpenDocument
files made here, each as it would be uploaded today; what cannot be read is said."""

import pytest

from pipeline.resumes import sniff_resume
from talent.extraction import NOTHING_READ, clean_text, read_text
from tests.talent.helpers import odt_bytes, pdf_bytes, upload, word_bytes

LINES = ("Kubernetes operator for payments", "Led the ledger migration")


@pytest.mark.parametrize(
    ("make", "name", "kind"),
    [(pdf_bytes, "cv.pdf", "pdf"), (word_bytes, "cv.docx", "docx"), (odt_bytes, "cv.odt", "odt")],
)
def test_text_is_read_from_every_kind_that_uploads_today(make, name, kind):
    data = make("Jane Doe", LINES)
    assert sniff_resume(upload(data, name)) == kind  # accepted today, as it is
    reading = read_text(data, kind)
    assert reading.ok, reading.problem
    assert "Jane Doe" in reading.text
    assert "Kubernetes operator for payments" in reading.text
    assert "ledger migration" in reading.text


def test_word_tables_are_read_too():
    assert "Rust, Elixir" in read_text(word_bytes(), "docx").text


def test_the_odt_reads_headings_and_paragraphs_in_order():
    text = read_text(odt_bytes("Jane Doe", ("first", "second")), "odt").text
    assert text.index("Jane Doe") < text.index("first") < text.index("second")


def test_a_damaged_file_says_no_text_could_be_read_and_never_raises():
    reading = read_text(b"%PDF-1.4 this is not really a pdf", "pdf")
    assert not reading.ok
    assert reading.problem.startswith(NOTHING_READ)


def test_a_file_with_no_text_says_so():
    blank = pdf_bytes("", ())
    reading = read_text(blank.replace(b"(Backend engineer) Tj", b"() Tj"), "pdf")
    assert reading.problem.startswith(NOTHING_READ)


def test_each_file_is_time_boxed():
    reading = read_text(word_bytes(), "docx", seconds=-1)
    assert reading.problem == f"{NOTHING_READ}: reading it took too long"


def test_control_characters_never_reach_the_database():
    reading = read_text(pdf_bytes("Jane\x07 Doe", ("a\x00b",)), "pdf")
    assert reading.ok
    assert not set(reading.text) & {"\x00", "\x07"}
    assert clean_text("a\x00b\x1fc\td") == "a b c d"
