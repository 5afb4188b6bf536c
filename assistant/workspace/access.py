"""Who the caller is and what they may touch: one place for every access rule.

Roles: an ``officer`` works for their own agency (drafts, reviews of their drafts, documents
that are public or shared with the agency); a ``reviewer`` reads and decides on the reviews of
the agencies assigned to them; an ``admin`` manages the library, the batch and the keys and
sees everything. Faces ask these predicates; no endpoint decides access on its own.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum


class Role(StrEnum):
    officer = "officer"
    reviewer = "reviewer"
    admin = "admin"


@dataclass(frozen=True)
class Principal:
    """The caller: a key's name, role and agencies (an officer's one, a reviewer's assigned)."""

    name: str
    role: Role
    agencies: frozenset[str] = frozenset()
    key_id: int | None = None

    @property
    def is_admin(self) -> bool:
        return self.role is Role.admin

    @property
    def owner(self) -> str:
        """A stable owner id for what the caller keeps (conversations)."""
        return f"key:{self.key_id}" if self.key_id is not None else f"local:{self.name}"

    def sees_agency(self, agency_id: str) -> bool:
        """Read drafts and reviews of this agency."""
        return self.is_admin or agency_id in self.agencies

    def may_draft(self, agency_id: str) -> bool:
        return self.is_admin or (self.role is Role.officer and agency_id in self.agencies)

    def may_review(self, agency_id: str) -> bool:
        """Run a review of this agency's narrative (its officer, its reviewers, an admin)."""
        return self.sees_agency(agency_id)

    def may_decide(self, agency_id: str) -> bool:
        """Accept or dismiss a flag: the reviewers assigned to the agency, or an admin."""
        return self.is_admin or (self.role is Role.reviewer and agency_id in self.agencies)

    def sees_document(self, public: bool, agencies: Iterable[str]) -> bool:
        return self.is_admin or public or bool(self.agencies.intersection(agencies))


LOCAL_USER = Principal("local", Role.admin)
