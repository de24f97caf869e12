"""Django's British input formats with ISO 8601 first, because the first one is how a date is
written into a form: a browser's <input type="date"> only takes 2026-12-01 and drops
"01/12/2026", so edit pages showed an empty date and saving one cleared it."""

DATE_INPUT_FORMATS = [
    "%Y-%m-%d",  # '2026-12-01', what <input type="date"> sends and shows
    "%d/%m/%Y",  # '01/12/2026'
    "%d/%m/%y",  # '01/12/26'
]
