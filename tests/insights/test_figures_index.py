"""The figures are defined once each and found in one place (issue 17, "Figures: one
definition each"): the `insights.figures` package's index exports every public name its
modules define, no name is defined twice, and every figure function states what it counts."""

import inspect
import pkgutil
from importlib import import_module

import insights.figures as figures


def _modules():
    return [
        import_module(f"insights.figures.{info.name}")
        for info in pkgutil.iter_modules(figures.__path__)
    ]


def _defined_here(module):
    return {
        name: value
        for name, value in vars(module).items()
        if not name.startswith("_")
        and (inspect.isfunction(value) or inspect.isclass(value))
        and value.__module__ == module.__name__
    }


def test_the_index_exports_every_public_definition_of_its_modules():
    missing = [
        f"{module.__name__}.{name}"
        for module in _modules()
        for name in _defined_here(module)
        if name not in figures.__all__
    ]
    assert missing == []


def test_every_name_is_defined_in_one_module_only():
    seen: dict[str, str] = {}
    twice = []
    for module in _modules():
        for name in _defined_here(module):
            if name in seen:
                twice.append(f"{name}: {seen[name]} and {module.__name__}")
            seen[name] = module.__name__
    assert twice == []


def test_every_figure_states_its_definition_in_a_docstring():
    figure_functions = [
        name
        for name in figures.__all__
        if name.endswith(("_figures", "_rows"))
        or name in ("time_to_fill", "time_to_shortlist", "time_in_stage", "funnel")
    ]
    assert len(figure_functions) >= 10
    undocumented = [name for name in figure_functions if not inspect.getdoc(getattr(figures, name))]
    assert undocumented == []
    for name in ("Tally", "CheckInFigures", "PulseFigure", "PairRow", "FillFigures", "Funnel"):
        assert inspect.getdoc(getattr(figures, name)), name


def test_the_index_names_the_module_of_each_family():
    for info in pkgutil.iter_modules(figures.__path__):
        assert f"`{info.name}`" in figures.__doc__, info.name
