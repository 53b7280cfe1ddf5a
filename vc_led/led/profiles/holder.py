"""Who a credential is about: the caller's holder data, never the INSZ.

LED identifies people only by the INSZ, which must never reach a credential. The holder of a
credential is therefore described by what the caller knows from the login (given and family
name, birth date) and, optionally, the DID of the holder's wallet (``credentialSubject.id``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

__all__ = ["Holder"]

_DID = re.compile(r"did:[a-z0-9]+:[^\s]{1,2000}\Z")
_DIGIT_RUN = re.compile(r"\d[\d .\-/]{8,}\d")
_MAX_NAME = 200


def _clean_name(value: str | None, what: str) -> str | None:
    if value is None:
        return None
    text = " ".join(value.split())
    if not text or len(text) > _MAX_NAME:
        raise ValueError(f"{what} must be 1-{_MAX_NAME} characters")
    if _DIGIT_RUN.search(text):  # an INSZ (or any long number) has no place in a name
        raise ValueError(f"{what} must not contain a long number")
    return text


@dataclass(frozen=True, slots=True, kw_only=True)
class Holder:
    """The subject of an issued credential.

    Attributes:
        given_name: given name from the login, or None.
        family_name: family name from the login, or None (both names or neither).
        birth_date: birth date from the login, or None.
        did: the holder's wallet DID (``credentialSubject.id``), or None.

    Raises:
        ValueError: when there is neither a DID nor both names, when only one name is given,
            for a malformed DID, or for a name that is empty, too long or holds a long number.
    """

    given_name: str | None = None
    family_name: str | None = None
    birth_date: date | None = None
    did: str | None = None

    def __post_init__(self) -> None:
        given = _clean_name(self.given_name, "given_name")
        family = _clean_name(self.family_name, "family_name")
        object.__setattr__(self, "given_name", given)
        object.__setattr__(self, "family_name", family)
        if (given is None) != (family is None):
            raise ValueError("give both given_name and family_name, or neither")
        if self.did is not None and not _DID.match(self.did):
            raise ValueError("did must be a DID (did:<method>:<id>)")
        if self.did is None and given is None:
            raise ValueError("a holder needs a DID or a given and family name")
        if self.birth_date is not None and not isinstance(self.birth_date, date):
            raise ValueError("birth_date must be a date")

    @property
    def full_name(self) -> str | None:
        """``given family``, or None without names."""
        if self.given_name is None or self.family_name is None:
            return None
        return f"{self.given_name} {self.family_name}"

    def subject_claims(self) -> dict[str, str]:
        """``id``, ``givenName``, ``familyName``, ``birthDate`` as credential claims."""
        claims: dict[str, str] = {}
        if self.did is not None:
            claims["id"] = self.did
        if self.given_name is not None and self.family_name is not None:
            claims["givenName"] = self.given_name
            claims["familyName"] = self.family_name
        if self.birth_date is not None:
            claims["birthDate"] = self.birth_date.isoformat()
        return claims
