"""A bridge for hypothesis-jsonschema 0.23 (used by schemathesis) on newer Hypothesis.

hypothesis-jsonschema drives Hypothesis's private ``many`` helper with ``elements.more()``;
recent Hypothesis replaced that with ``with many(...) as elements: for _ in elements``. This
shim gives ``_from_schema`` a ``many`` with the old method on top of the new one, and touches
nothing else of Hypothesis. Remove it once the pinned versions agree again.
"""

from __future__ import annotations

from contextlib import contextmanager

from hypothesis.internal.conjecture import utils as cu


class _CompatMany:
    def __init__(self, *args, **kwargs):
        self._many = cu.many(*args, **kwargs)
        self._many.__enter__()
        self._elements = iter(self._many)

    def more(self) -> bool:
        try:
            next(self._elements)
        except StopIteration:
            self._many.__exit__(None, None, None)
            return False
        return True

    def reject(self, why: str | None = None) -> None:
        self._many.reject(why)


class _UtilsWithCompatMany:
    many = _CompatMany

    def __getattr__(self, name):
        return getattr(cu, name)


@contextmanager
def jsonschema_strategies_compatible():
    import hypothesis_jsonschema._from_schema as from_schema

    if hasattr(cu.many, "more"):
        yield
        return
    original = from_schema.cu
    from_schema.cu = _UtilsWithCompatMany()
    try:
        yield
    finally:
        from_schema.cu = original
