"""Which of a search's commitments a reader may see listed by name.

Everyone on a search sees its figures (how many are open and overdue on each side), but a
commitment's title names its subject — "Review Priya Nair" — and an agency recruiter may not
know of candidates another recruiter sourced. The apps that own those subjects sit above
`commitments`, so they register a hider here (in their AppConfig.ready):
`fn(*, requisition, user, commitments) -> set of commitment ids to leave out`.
"""

_HIDERS = []


def hide_from_commitments(fn):
    if fn not in _HIDERS:
        _HIDERS.append(fn)
    return fn


def hidden_commitments(*, requisition, user, commitments) -> set[int]:
    """The ids among `commitments` (one search's) that `user` may not see by name."""
    hidden = set()
    for hide in _HIDERS:
        hidden |= hide(requisition=requisition, user=user, commitments=commitments) or set()
    return hidden
