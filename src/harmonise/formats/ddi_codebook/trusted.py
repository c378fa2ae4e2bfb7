"""Model objects from values the DDI-C reader has already checked: a fast path past validation.

Issue 2 §7 (import speed and memory of large DDI-C codebooks). Validating every ``Code``,
``Category``, ``LocalizedText`` and ``Variable`` through pydantic costs more than parsing the XML,
and each validated object keeps its own set of explicitly given field names. The reader parses
and checks every value itself (URNs are :class:`~harmonise.model.Urn` objects, numbers are
``int``/``float``, kinds are enum members, texts are ``str``), so it may build objects directly:

* :func:`trusted` fills a class's defaults (computed once per class) and the given values into
  the instance ``__dict__`` without validation. The result compares equal to, hashes like and
  serialises exactly like the validated object, because pydantic compares and dumps ``__dict__``.
* :func:`trusted_text` does the same for :class:`~harmonise.model.text.LocalizedText`.
* :class:`Interner` shares equal frozen objects (category labels, codes, code tuples,
  frequencies) between variables; it is bounded, so hostile input cannot grow it without limit.

Deviation from validated objects: ``model_fields_set`` reports every field as set (one shared set
per class, which is what saves its memory); nothing in harmonise reads it. Model invariants that a
validator would enforce (``Code.missing_type`` needs ``missing``) are the caller's duty; the
reader's tests compare trusted objects with validated ones.
"""

from __future__ import annotations

from collections.abc import Hashable
from enum import Enum
from typing import Any, TypeVar

from pydantic import BaseModel

from harmonise.model.text import LocalizedText
from harmonise.model.urn import Urn

_M = TypeVar("_M", bound=BaseModel)
_T = TypeVar("_T")

#: Default values that are safe to share between instances (nothing in them can change).
_IMMUTABLE = (str, int, float, bool, tuple, frozenset, type(None), Enum, Urn, LocalizedText)
_ROOT_FIELDS_SET = {"root"}
_set = object.__setattr__


class _Template:
    """A class's defaults (in field order), required and known names, shared fields-set."""

    __slots__ = ("defaults", "fields_set", "names", "required")

    def __init__(self, cls: type[BaseModel]) -> None:
        self.defaults: dict[str, Any] = {}
        self.required: frozenset[str] = frozenset(
            name for name, info in cls.model_fields.items() if info.is_required()
        )
        for name, info in cls.model_fields.items():
            if info.is_required():
                # a placeholder keeps the fields in declared order (pydantic dumps __dict__ order)
                self.defaults[name] = None
                continue
            value = info.get_default(call_default_factory=True)
            if value.__class__ is LocalizedText and value.root:
                raise TypeError(f"{cls.__name__}.{name}: only empty texts may be shared")
            if not isinstance(value, (*_IMMUTABLE, BaseModel)):
                raise TypeError(f"{cls.__name__}.{name}: default {value!r} may not be shared")
            if isinstance(value, BaseModel) and not value.model_config.get("frozen"):
                raise TypeError(f"{cls.__name__}.{name}: default model is not frozen")
            self.defaults[name] = value
        self.names: frozenset[str] = frozenset(cls.model_fields)
        self.fields_set: set[str] = set(cls.model_fields)


_TEMPLATES: dict[type[BaseModel], _Template] = {}


def trusted(cls: type[_M], **values: Any) -> _M:
    """Build ``cls`` from already-checked values, skipping validation.

    Args:
        cls: A frozen domain model class (not a RootModel).
        **values: Field values of exactly the types validation would produce.

    Returns:
        An instance equal to ``cls(**values)``.

    Raises:
        TypeError: When a field name is unknown or a required field is missing (a programming
            error in the caller, never a property of the input file).
    """
    template = _TEMPLATES.get(cls)
    if template is None:
        template = _TEMPLATES[cls] = _Template(cls)
    keys = values.keys()
    if not keys <= template.names or not template.required <= keys:
        unknown = sorted(keys - template.names)
        absent = sorted(template.required - keys)
        raise TypeError(f"{cls.__name__}: unknown fields {unknown}, missing fields {absent}")
    data = template.defaults.copy()
    data.update(values)
    instance = cls.__new__(cls)
    _set(instance, "__dict__", data)
    _set(instance, "__pydantic_fields_set__", template.fields_set)
    _set(instance, "__pydantic_extra__", None)
    _set(instance, "__pydantic_private__", None)
    return instance


def trusted_text(texts: dict[str, str]) -> LocalizedText:
    """A :class:`LocalizedText` over ``texts`` (language -> text, both ``str``), unvalidated.

    The dict is taken over, not copied: the caller must not change it afterwards.
    """
    instance = LocalizedText.__new__(LocalizedText)
    _set(instance, "__dict__", {"root": texts})
    _set(instance, "__pydantic_fields_set__", _ROOT_FIELDS_SET)
    _set(instance, "__pydantic_extra__", None)
    _set(instance, "__pydantic_private__", None)
    return instance


class Interner(dict[Hashable, Any]):
    """Shares equal immutable objects by a hashable key, holding at most ``limit`` of them.

    When full it starts afresh: objects already handed out stay valid, later ones are just not
    shared with them. That bounds the memory a file of all-different categories can take.
    A dict underneath, so that a look-up on the reader's hot path is one C call.
    """

    def __init__(self, limit: int = 50_000) -> None:
        super().__init__()
        self._limit = limit

    #: The object stored under a key, or None.
    lookup = dict.get

    def store(self, key: Hashable, value: _T) -> _T:
        """Keep ``value`` under ``key`` (starting afresh when full) and return it."""
        if len(self) >= self._limit:
            self.clear()
        self[key] = value
        return value
