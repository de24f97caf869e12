"""The role profile's rules as a pure function: no database."""

import pytest
from django.core.exceptions import ValidationError

from intake.parts import validate_role_profile


def profile(must, nice):
    return {"must_haves": must, "nice_to_haves": nice}


@pytest.mark.parametrize("count", [1, 2, 3])
def test_one_to_three_must_haves_are_accepted(count):
    assert validate_role_profile(profile([f"m{i}" for i in range(count)], ["a", "b", "c"])) == []


@pytest.mark.parametrize(("count", "message"), [(0, "at least one"), (4, "3 must-haves at most")])
def test_no_must_have_or_more_than_three_is_refused(count, message):
    with pytest.raises(ValidationError) as error:
        validate_role_profile(profile([f"m{i}" for i in range(count)], []))
    assert message in error.value.message_dict["must_haves"][0]


def test_more_than_five_nice_to_haves_is_refused():
    with pytest.raises(ValidationError) as error:
        validate_role_profile(profile(["m"], [f"n{i}" for i in range(6)]))
    assert "5 nice-to-haves at most" in error.value.message_dict["nice_to_haves"][0]


@pytest.mark.parametrize(("count", "warned"), [(0, True), (2, True), (3, False), (5, False)])
def test_fewer_than_three_nice_to_haves_is_a_warning_not_an_error(count, warned):
    warnings = validate_role_profile(profile(["m"], [f"n{i}" for i in range(count)]))
    assert bool(warnings) is warned
