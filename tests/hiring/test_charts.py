"""The one chart module: lines and bars as numbers for server-rendered SVG, each with its
table, never told apart by colour alone."""

from django.template.loader import render_to_string

from hiring.charts import Series, bar_chart, line_chart, number, sparkline


def test_a_line_chart_gives_each_series_its_own_shape_and_line_and_a_table():
    chart = line_chart(
        key="trend",
        title="On time per week",
        labels=["2 Nov", "9 Nov", "16 Nov"],
        series=[
            Series("recruiter", "Recruiter side", [80, None, 100]),
            Series("hiring", "Hiring side", [90, 50, 100]),
        ],
        y_min=0,
        y_max=100,
        y_ticks=(0, 50, 100),
        unit="%",
    )
    recruiter, hiring = chart.lines
    assert (recruiter.shape, recruiter.dash) == ("circle", "solid")
    assert (hiring.shape, hiring.dash) == ("square", "dashed")
    assert recruiter.segments == []  # a gap leaves no line between single points
    assert len(recruiter.markers) == 2 and len(hiring.segments) == 1
    # Where the other line is higher the value is written below the point, else above.
    low, top = recruiter.markers[0], hiring.markers[0]
    assert low.label_y > low.y and top.label_y < top.y
    assert chart.table.columns == ["Date", "Recruiter side", "Hiring side"]
    assert chart.table.rows[1] == ["9 Nov", "—", "50%"]
    html = render_to_string("includes/chart.html", {"chart": chart})
    assert "<title" in html and "On time per week" in html and "<table" in html


def test_nothing_to_draw_is_no_chart():
    assert (
        line_chart(
            key="k",
            title="t",
            labels=["a"],
            series=[Series("x", "X", [None])],
            y_min=0,
            y_max=1,
            y_ticks=(0, 1),
        )
        is None
    )
    assert bar_chart(key="k", title="t", bars=[("a", 0, "0")]) is None
    assert sparkline(series=[Series("x", "X", [])], y_min=0, y_max=1) is None


def test_bars_are_scaled_to_the_longest_and_carry_their_words():
    chart = bar_chart(
        key="funnel",
        title="Candidates per stage",
        bars=[("Applied", 40, "40"), ("Screening", 20, "20 (50%)")],
        columns=("Stage", "Candidates"),
    )
    applied, screening = chart.bars
    assert screening.width == applied.width / 2
    assert chart.table.rows == [["Applied", "40"], ["Screening", "20 (50%)"]]


def test_numbers_are_written_without_needless_decimals():
    assert (number(3.0), number(3.25), number(None), number(80, "%")) == ("3", "3.2", "—", "80%")
