"""A large employer's organisation, for benchmarks (`make bench-pages`, `make bench-insights`).

`seed_large_employer(size="large")` empties the domain tables of the current database and
writes, with bulk inserts, the shape of issue 24's independent run: 2,000 requisitions (one
big search of 2,030 applications among them), 60,000 applications, 20,000 interviews with
their scorecards, 20,000 check-ins with records and the relationship pulse, 300,000
commitments (most met, some open and overdue, some withdrawn) and 400 people, with
agreements, signatures, stage history, offers, action items, status-update requests, the
journal and notifications. `size="small"` is the same organisation at one fiftieth, for CI.

`history_days` is how far back the searches were opened (365 by default). The figures'
benchmark (`make bench-insights`) seeds two years (730): every search's candidates, and so
its interviews, reviews, feedback and offers, are spread over the time it was open, so a
period of 30, 90 or 365 days reads the share of the history a real employer's would.
Met commitments carry how long they took in business time (`Commitment.met_in`), a few
are waived, and a few late ones were handed over after their deadline (`late_owner`).

Rows are built as model instances and bulk-created (never raw INSERTs), so a column added
later with a default does not break the seeding; CI seeds the small size on every run
(`make bench-small`). Everything is derived from the row's index (no random
numbers), so two runs build the same organisation. `find_handles()` returns the people and
objects benchmarks open (the big search, a typical search, a recruiter, the HR lead, …) from
a database seeded earlier.

It lives in insights, the top floor, because it writes rows of every app. It refuses to run
on a database whose name does not contain "bench" (it truncates tables).

Where each part is: `shape` (the sizes and the patterns rows follow), `seed` (the order of
the parts, in one transaction), `searches` (people, requisitions, teams, agreements),
`candidates` (applications, stage history, interviews, scorecards, offers), `meetings`
(check-ins, pulse, action items, status-update requests), `deadlines` (commitments),
`journal` (the journal and the bell), `handles` (what a benchmark opens; the reset).
"""

from .handles import Handles, counts, find_handles, reset
from .seed import seed_large_employer
from .shape import PASSWORD, PREFIX, SIZES, Size

__all__ = [
    "Handles",
    "PASSWORD",
    "PREFIX",
    "SIZES",
    "Size",
    "counts",
    "find_handles",
    "reset",
    "seed_large_employer",
]
