"""config.links: `{% url %}` and `reverse` remembered, the same links as Django's (issue 24)."""

import pytest
from django.template import Context, Template
from django.test import override_settings
from django.urls import NoReverseMatch, clear_script_prefix, set_script_prefix
from django.urls import reverse as django_reverse

from config import links


@pytest.mark.parametrize(
    ("name", "args", "kwargs"),
    [
        ("insights:home", None, None),
        ("hiring:requisition-detail", [7], None),
        ("hiring:requisition-detail", ["7"], None),
        ("interviews:scorecard", None, {"pk": 3, "interview": 11}),
        ("checkins:calendar-feed", ["a b é?%"], None),
    ],
)
def test_the_same_links_as_django(name, args, kwargs):
    for _ in range(2):  # worked out, then remembered
        assert links.reverse(name, args=args, kwargs=kwargs) == django_reverse(
            name, args=args, kwargs=kwargs
        )


def test_the_script_prefix_is_part_of_the_key():
    plain = links.reverse("insights:home")
    set_script_prefix("/accord/")
    try:
        assert links.reverse("insights:home") == "/accord" + plain
    finally:
        clear_script_prefix()
    assert links.reverse("insights:home") == plain


def test_failures_are_djangos_and_never_remembered():
    for _ in range(2):
        with pytest.raises(NoReverseMatch):
            links.reverse("hiring:requisition-detail", args=["not a number"])
        with pytest.raises(NoReverseMatch):
            links.reverse("hiring:nowhere")


def test_another_url_table_is_another_key():
    links.reverse("insights:home")
    with override_settings(ROOT_URLCONF="tests.test_links"), pytest.raises(NoReverseMatch):
        links.reverse("insights:home")


urlpatterns = []  # the empty URL table of the test above


def test_the_url_tag_is_this_one():
    text = Template(
        "{% url 'hiring:requisition-detail' pk %}|{% url 'hiring:nowhere' as gone %}[{{ gone }}]"
        "|{% url 'interviews:scorecard' pk=pk interview=2 as there %}{{ there }}"
    )
    assert text.render(Context({"pk": 5})) == "{}|[]|{}".format(
        django_reverse("hiring:requisition-detail", args=[5]),
        django_reverse("interviews:scorecard", kwargs={"pk": 5, "interview": 2}),
    )
    assert any(
        "url" in library.tags and library.tags["url"] is links.url
        for library in Template("").engine.template_builtins
    )


def test_the_url_tag_remembers_its_links():
    links._remembered.clear()
    Template("{% url 'hiring:requisition-detail' pk %}").render(Context({"pk": 5}))
    assert list(links._remembered.values()) == [
        django_reverse("hiring:requisition-detail", args=[5])
    ]
