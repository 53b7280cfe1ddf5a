"""Operators of the admin API: named people or systems, each with a bearer token of its own, so
that the audit log says *who* revoked or suspended (re-exported by ``crud``).

A token is 256 random bits with a recognisable prefix (``vcled_op_``); only its SHA-256 is
stored, and the token is returned once, by :func:`add_operator`. A disabled operator's token
stops working at once and its name is never given to anyone else (the audit log keeps
referring to it).
"""

from __future__ import annotations

import hashlib
import re
import secrets
from datetime import UTC, datetime

from sqlmodel import Session, col, select

from .. import audit
from ..db import require_write_session
from ..errors import NotFoundError, RegistryError
from ..models import Operator

__all__ = [
    "OPERATOR_ACTOR_PREFIX",
    "TOKEN_PREFIX",
    "add_operator",
    "authenticate_operator",
    "disable_operator",
    "list_operators",
    "new_operator_token",
    "operator_actor",
]

TOKEN_PREFIX = "vcled_op_"
OPERATOR_ACTOR_PREFIX = "operator:"
_NAME = re.compile(r"[a-z0-9][a-z0-9._-]{0,63}")


def _now(now: datetime | None) -> datetime:
    return (now or datetime.now(UTC)).astimezone(UTC)


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def operator_actor(name: str) -> str:
    """The audit log's ``actor`` for an operator: ``operator:<name>``."""
    return OPERATOR_ACTOR_PREFIX + name


def add_operator(
    session: Session, *, name: str, actor: str, now: datetime | None = None
) -> tuple[Operator, str]:
    """Add an operator (audited) and make its bearer token.

    Args:
        session: a write session.
        name: lower-case letters, digits, ``.``, ``_`` and ``-``, 1 to 64 characters, unique
            (also against disabled operators).
        actor: who, for the audit log.
        now: the time (default: now, UTC).

    Returns:
        The new row and its token: shown once, stored nowhere (only its SHA-256 is kept).

    Raises:
        ValueError: a name that does not follow the rule.
        RegistryError: the name is taken.
    """
    require_write_session(session)
    if not _NAME.fullmatch(name):
        raise ValueError(
            "an operator name is 1-64 characters: a-z, 0-9, '.', '_' or '-', starting with a"
            " letter or digit"
        )
    if session.exec(select(Operator.id).where(col(Operator.name) == name)).first() is not None:
        raise RegistryError(f"operator {name!r} exists (names are never reused)")
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    operator = Operator(name=name, token_hash=_token_hash(token), created_at=_now(now))
    session.add(operator)
    session.flush()
    audit.append(session, actor=actor, action="operator.add", target=operator_actor(name), now=now)
    return operator, token


def _locked(session: Session, name: str) -> Operator | None:
    """The operator of that name, locked for this write session."""
    require_write_session(session)
    query = select(Operator).where(col(Operator.name) == name).with_for_update()
    return session.exec(query).first()


def _changed(
    session: Session,
    operator: Operator,
    *,
    actor: str,
    action: str,
    reason: str,
    now: datetime | None,
) -> None:
    """Store a change to an operator, with its audit entry."""
    session.add(operator)
    session.flush()
    target = operator_actor(operator.name)
    audit.append(session, actor=actor, action=action, target=target, reason=reason, now=now)


def new_operator_token(
    session: Session, *, name: str, actor: str, reason: str, now: datetime | None = None
) -> str:
    """Give an enabled operator a new token (audited); the old one stops working at once.

    Returns:
        The new token (shown once).

    Raises:
        NotFoundError: no enabled operator of that name.
    """
    operator = _locked(session, name)
    if operator is None or operator.disabled_at is not None:
        raise NotFoundError(f"no enabled operator {name!r}")
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    operator.token_hash = _token_hash(token)
    _changed(session, operator, actor=actor, action="operator.new_token", reason=reason, now=now)
    return token


def disable_operator(
    session: Session, *, name: str, actor: str, reason: str, now: datetime | None = None
) -> Operator:
    """Disable an operator (audited): its token stops working. Disabling twice changes nothing.

    Raises:
        NotFoundError: no operator of that name.
    """
    operator = _locked(session, name)
    if operator is None:
        raise NotFoundError(f"no operator {name!r}")
    if operator.disabled_at is not None:
        return operator
    operator.disabled_at = _now(now)
    _changed(session, operator, actor=actor, action="operator.disable", reason=reason, now=now)
    return operator


def list_operators(session: Session) -> list[Operator]:
    """Every operator, disabled ones included, by name."""
    return list(session.exec(select(Operator).order_by(col(Operator.name))))


def authenticate_operator(session: Session, token: str) -> Operator | None:
    """The enabled operator whose token this is, or None.

    The look-up is by the token's SHA-256, so the comparison never touches the token itself
    and takes the same time whichever byte differs.
    """
    if not token.startswith(TOKEN_PREFIX) or len(token) > 200:
        return None
    query = select(Operator).where(
        col(Operator.token_hash) == _token_hash(token), col(Operator.disabled_at).is_(None)
    )
    return session.exec(query).first()
