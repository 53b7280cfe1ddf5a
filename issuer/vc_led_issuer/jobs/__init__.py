"""Bulk jobs of the registry: import (:mod:`.importer`), issuance (:mod:`.issuance`, batches
in :mod:`.worker`), export (:mod:`.export`); ``--where`` filters (:mod:`.where`) and the
progress bar (:mod:`.progress`). Each is all-or-nothing per batch and resumable by running it
again."""

from __future__ import annotations

__all__: list[str] = []
