"""Which of a search's commitments a reader may see listed by name.

Everyone on a search sees its figures (how many are open and overdue on each side), but a
commitment's title names its subject — "Review Priya Nair" — and an agency recruiter may not
know of candidates another recruiter sourced. The apps that own those subjects sit above
`commitments`, so they register a hider here (in their AppConfig.ready).
"""

from config.hooks import Hooks

COMMITMENT_HIDERS = Hooks(
    "commitments.visibility.COMMITMENT_HIDERS",
    signature="fn(*, requisition, user, commitments) -> set of commitment ids to leave out",
    called_in="`hidden_commitments`, when a search's commitments are listed (reads only)",
)


def hidden_commitments(*, requisition, user, commitments) -> set[int]:
    """The ids among `commitments` (one search's) that `user` may not see by name."""
    hidden = set()
    for hide in COMMITMENT_HIDERS:
        hidden |= hide(requisition=requisition, user=user, commitments=commitments) or set()
    return hidden
