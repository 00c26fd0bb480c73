"""The one resolver from what people type to a :class:`DataType`, used by every entry point.

``evaluate``, ``require``, ``explain``, ``check_transfer``, the transfer request models and the command
line all read a kind of information through :class:`DataTypeNames`, built once per knowledge base from
``rules/data_types.yaml``: each data type answers to its id, its ``label`` and its ``aliases``, in any
case, with spaces, hyphens or underscores between words, accents and full-width letters folded, and runs of
white space (tabs too) read as one space.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from sharing_rules._errors import InvalidInputError, KnowledgeBaseError, UnknownDataTypeError
from sharing_rules._model import DataTypeDefinition
from sharing_rules._naming import normalise, plain
from sharing_rules._vocabulary import DataType

MAX_DATA_TYPE_LENGTH = 100
"""Longer text is no kind of information: it is refused without being folded."""

_SEPARATORS = str.maketrans("_-", "  ")


def data_type_key(text: str) -> str:
    r"""The matching key of a data type spelling.

    >>> data_type_key("Personal  data"), data_type_key("PERSONAL-DATA"), data_type_key("best\tpractices")
    ('personal_data', 'personal_data', 'best_practices')
    """
    return normalise(plain(text).translate(_SEPARATORS)).replace(" ", "_")


class DataTypeNames:
    """Every spelling of every data type of one knowledge base; read-only once built."""

    def __init__(
        self, definitions: Mapping[DataType, DataTypeDefinition], file: str = "data_types.yaml"
    ) -> None:
        keys: dict[str, DataType] = {}
        for member, definition in definitions.items():
            for spelling in (member.value, definition.label, *definition.aliases):
                key = data_type_key(spelling)
                other = keys.get(key)
                if other is not None and other is not member:
                    raise KnowledgeBaseError(
                        file,
                        f"data type {member.value}",
                        f"the label or alias {spelling!r} also names the data type {other.value}.",
                        "give every label and alias to one data type only.",
                    )
                keys[key] = member
        exact: dict[str, DataType] = {}
        for member in definitions:
            spaced = member.value.replace("_", " ")
            for spelling in (member.value, member.value.upper(), spaced, spaced.capitalize(), spaced.title()):
                exact[spelling] = member
            exact[member.value.replace("_", "-")] = member
        self._keys: Mapping[str, DataType] = MappingProxyType(keys)
        self.exact: Mapping[str, DataType] = MappingProxyType(exact)
        """Common spellings as they are typed, for a look-up without folding."""
        self._valid = tuple(member.value for member in definitions)

    def resolve(self, value: object) -> DataType:
        """The data type ``value`` names; :class:`UnknownDataTypeError`, or :class:`InvalidInputError`."""
        if type(value) is DataType:
            return value
        if not isinstance(value, str):
            raise InvalidInputError("data_type", value)
        text = plain(value)
        found = self.exact.get(text)
        if found is None and len(text) <= MAX_DATA_TYPE_LENGTH:
            found = self._keys.get(data_type_key(text))
        if found is None:
            raise UnknownDataTypeError(text, self._valid)
        return found
