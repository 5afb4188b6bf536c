"""The workspace as a service: keys, document access, drafts, reviews, batches, audit.

Every write is one transaction and leaves an audit entry with the actor, so "who did what"
is answered from the same database that holds the work. Methods return detached rows (read
freely after the session closed); callers decide access with :mod:`assistant.workspace.access`.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import asdict
from typing import Any

from sqlalchemy import Engine, func, select, update
from sqlalchemy.orm import Session

from assistant.chat.conversation import Conversation, Turn, is_conversation_id
from assistant.workspace.access import Principal, Role
from assistant.workspace.database import database_url, make_engine, migrate, sessions
from assistant.workspace.keys import display_prefix, new_token, token_hash
from assistant.workspace.schema import (
    ApiKey,
    AuditEntry,
    BatchRun,
    ConversationRecord,
    DocumentAccess,
    DraftRecord,
    DraftVersion,
    FlagDecision,
    ReviewRecord,
    utcnow,
)

DECISIONS = ("accepted", "dismissed")


class Workspace:
    """One workspace database (SQLite file or PostgreSQL), migrated on open."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._write_lock: AbstractContextManager[Any] = (
            threading.Lock() if engine.dialect.name == "sqlite" else nullcontext()
        )
        migrate(engine)
        self._sessions = sessions(engine)

    @classmethod
    def open(cls, home: Any, url: str | None = None) -> Workspace:
        return cls(make_engine(database_url(home, url)))

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A transaction for reading (or a write the caller does not share)."""
        with self._sessions.begin() as session:
            yield session

    @contextmanager
    def writing(self) -> Iterator[Session]:
        """A transaction that writes. On SQLite one writer at a time in this process, waiting
        its turn: SQLite's own busy retries are not fair, and under a burst of writes one of
        them could give up with "database is locked" (bench/RESULTS.md). PostgreSQL needs no
        such lock."""
        with self._write_lock, self.session() as session:
            yield session

    def close(self) -> None:
        self.engine.dispose()

    # --- audit ----------------------------------------------------------------------

    @staticmethod
    def _audit(session: Session, actor: str, action: str, target: str = "",
               **detail: Any) -> None:  # fmt: skip
        session.add(AuditEntry(actor=actor, action=action, target=target, detail=detail))

    def audit_log(self, limit: int = 100) -> list[AuditEntry]:
        with self.session() as session:
            query = select(AuditEntry).order_by(AuditEntry.id.desc()).limit(limit)
            return list(session.scalars(query))

    # --- keys -----------------------------------------------------------------------

    def create_key(self, name: str, role: Role, agencies: Iterable[str] = (),
                   actor: str = "cli") -> tuple[str, ApiKey]:  # fmt: skip
        """A new key; the token is returned once and never stored."""
        token = new_token()
        row = ApiKey(name=name, role=role.value, agencies=sorted(set(agencies)),
                     key_hash=token_hash(token), prefix=display_prefix(token), created_by=actor)  # fmt: skip
        with self.writing() as session:
            session.add(row)
            session.flush()
            self._audit(session, actor, "key.create", f"key:{row.id}", name=name, role=role.value)
        return token, row

    def api_keys(self) -> list[ApiKey]:
        with self.session() as session:
            return list(session.scalars(select(ApiKey).order_by(ApiKey.id)))

    def revoke_key(self, key_id: int, actor: str = "cli") -> ApiKey | None:
        with self.writing() as session:
            row = session.get(ApiKey, key_id)
            if row is None:
                return None
            if row.revoked_at is None:
                row.revoked_at = utcnow()
                self._audit(session, actor, "key.revoke", f"key:{key_id}")
            return row

    def authenticate(self, token: str) -> Principal | None:
        """The caller a token stands for, or None for an unknown or revoked key."""
        with self.session() as session:
            row = session.scalars(
                select(ApiKey).where(ApiKey.key_hash == token_hash(token))
            ).first()
            if row is None or row.revoked_at is not None:
                return None
            return Principal(row.name, Role(row.role), frozenset(row.agencies), row.id)

    # --- documents ------------------------------------------------------------------

    def set_document_access(self, doc_id: str, filename: str, public: bool,
                            agencies: Iterable[str], actor: str) -> DocumentAccess:  # fmt: skip
        with self.writing() as session:
            row = session.get(DocumentAccess, doc_id) or DocumentAccess(doc_id=doc_id)
            row.filename, row.public, row.agencies = filename, public, sorted(set(agencies))
            row.uploaded_by, row.uploaded_at = actor, utcnow()
            session.add(row)
            self._audit(session, actor, "document.upload", f"document:{doc_id}",
                        filename=filename, public=public, agencies=row.agencies)  # fmt: skip
            return row

    def document_access(self) -> dict[str, DocumentAccess]:
        with self.session() as session:
            return {row.doc_id: row for row in session.scalars(select(DocumentAccess))}

    def forget_document(self, doc_id: str, actor: str) -> None:
        with self.writing() as session:
            row = session.get(DocumentAccess, doc_id)
            if row is not None:
                session.delete(row)
            self._audit(session, actor, "document.delete", f"document:{doc_id}")

    # --- drafts ---------------------------------------------------------------------

    def create_draft(self, *, agency_id: str, period: str, title: str, mode: str, text: str,
                     body: dict[str, Any], metrics: dict[str, Any], actor: str) -> DraftRecord:  # fmt: skip
        with self.writing() as session:
            draft = DraftRecord(agency_id=agency_id, period=period, title=title, latest=1,
                                created_by=actor)  # fmt: skip
            session.add(draft)
            session.flush()
            session.add(DraftVersion(draft_id=draft.id, number=1, mode=mode, text=text, body=body,
                                     metrics=metrics, created_by=actor))  # fmt: skip
            self._audit(
                session, actor, "draft.create", f"draft:{draft.id}", agency_id=agency_id, mode=mode
            )
            return draft

    def add_version(self, draft_id: int, *, text: str, body: dict[str, Any], mode: str,
                    actor: str) -> DraftVersion:  # fmt: skip
        """A saved edit: the next version number, the previous ones kept."""
        with self.writing() as session:
            draft = session.get(DraftRecord, draft_id, with_for_update=True)
            if draft is None:
                raise KeyError(draft_id)
            previous = self._version(session, draft_id, draft.latest)
            draft.latest += 1
            draft.updated_at = utcnow()
            version = DraftVersion(draft_id=draft_id, number=draft.latest, mode=mode, text=text,
                                   body=body, metrics=previous.metrics if previous else {},
                                   created_by=actor)  # fmt: skip
            session.add(version)
            self._audit(session, actor, "draft.save", f"draft:{draft_id}", version=draft.latest)
            return version

    @staticmethod
    def _version(session: Session, draft_id: int, number: int) -> DraftVersion | None:
        query = select(DraftVersion).where(DraftVersion.draft_id == draft_id,
                                           DraftVersion.number == number)  # fmt: skip
        return session.scalars(query).first()

    def draft(self, draft_id: int) -> DraftRecord | None:
        with self.session() as session:
            return session.get(DraftRecord, draft_id)

    def version(self, draft_id: int, number: int | None = None) -> DraftVersion | None:
        with self.session() as session:
            draft = session.get(DraftRecord, draft_id)
            if draft is None:
                return None
            return self._version(session, draft_id, number or draft.latest)

    def versions(self, draft_id: int) -> list[DraftVersion]:
        with self.session() as session:
            query = select(DraftVersion).where(DraftVersion.draft_id == draft_id)
            return list(session.scalars(query.order_by(DraftVersion.number)))

    def drafts(self, agencies: Iterable[str] | None = None, limit: int = 200) -> list[DraftRecord]:
        """Newest first; ``agencies=None`` for all of them (an admin)."""
        with self.session() as session:
            query = select(DraftRecord).order_by(DraftRecord.id.desc()).limit(limit)
            if agencies is not None:
                query = query.where(DraftRecord.agency_id.in_(sorted(agencies)))
            return list(session.scalars(query))

    # --- reviews --------------------------------------------------------------------

    def create_review(self, *, agency_id: str, period: str, narrative: str,
                      metrics: dict[str, Any], result: dict[str, Any], actor: str,
                      draft_id: int | None = None) -> ReviewRecord:  # fmt: skip
        with self.writing() as session:
            review = ReviewRecord(agency_id=agency_id, period=period, narrative=narrative,
                                  metrics=metrics, result=result, draft_id=draft_id,
                                  created_by=actor)  # fmt: skip
            session.add(review)
            session.flush()
            self._audit(session, actor, "review.create", f"review:{review.id}",
                        agency_id=agency_id, flags=len(result.get("flags", [])))  # fmt: skip
            return review

    def review(self, review_id: int) -> ReviewRecord | None:
        with self.session() as session:
            return session.get(ReviewRecord, review_id)

    def reviews(
        self, agencies: Iterable[str] | None = None, limit: int = 200
    ) -> list[ReviewRecord]:
        with self.session() as session:
            query = select(ReviewRecord).order_by(ReviewRecord.id.desc()).limit(limit)
            if agencies is not None:
                query = query.where(ReviewRecord.agency_id.in_(sorted(agencies)))
            return list(session.scalars(query))

    def decide(self, review_id: int, flag_index: int, decision: str, comment: str,
               actor: str) -> FlagDecision:  # fmt: skip
        if decision not in DECISIONS:
            raise ValueError(decision)
        with self.writing() as session:
            row = FlagDecision(review_id=review_id, flag_index=flag_index, decision=decision,
                               comment=comment, decided_by=actor)  # fmt: skip
            session.add(row)
            self._audit(session, actor, f"flag.{decision}", f"review:{review_id}",
                        flag=flag_index, comment=comment)  # fmt: skip
            session.flush()
            return row

    def decisions(self, review_id: int) -> list[FlagDecision]:
        """Every decision on the review's flags, oldest first (the last per flag counts)."""
        with self.session() as session:
            query = select(FlagDecision).where(FlagDecision.review_id == review_id)
            return list(session.scalars(query.order_by(FlagDecision.id)))

    def decided_flags(self, review_ids: list[int]) -> dict[int, int]:
        """How many flags of each review have a decision (one query for a whole listing)."""
        if not review_ids:
            return {}
        with self.session() as session:
            query = (
                select(FlagDecision.review_id, func.count(func.distinct(FlagDecision.flag_index)))
                .where(FlagDecision.review_id.in_(review_ids))
                .group_by(FlagDecision.review_id)
            )
            return {int(r): int(n) for r, n in session.execute(query)}

    # --- batches --------------------------------------------------------------------

    def create_batch(self, run_id: str, table_name: str, options: dict[str, Any],
                     actor: str) -> BatchRun:  # fmt: skip
        with self.writing() as session:
            run = BatchRun(id=run_id, status="queued", table_name=table_name, options=options,
                           created_by=actor)  # fmt: skip
            session.add(run)
            self._audit(session, actor, "batch.submit", f"batch:{run_id}", table=table_name)
            return run

    def update_batch(self, run_id: str, **values: Any) -> None:
        with self.writing() as session:
            run = session.get(BatchRun, run_id)
            if run is None:
                return
            for name, value in values.items():
                setattr(run, name, value)
            if values.get("status") in ("done", "failed"):
                run.finished_at = utcnow()

    def batch(self, run_id: str) -> BatchRun | None:
        with self.session() as session:
            return session.get(BatchRun, run_id)

    def batches(self, limit: int = 100) -> list[BatchRun]:
        with self.session() as session:
            query = select(BatchRun).order_by(BatchRun.created_at.desc()).limit(limit)
            return list(session.scalars(query))

    def claim_batch(self, run_id: str) -> bool:
        """Mark a queued run running; False when another worker has it already (one UPDATE,
        so two workers never run the same table)."""
        with self.writing() as session:
            claimed = session.execute(
                update(BatchRun)
                .where(BatchRun.id == run_id, BatchRun.status == "queued")
                .values(status="running")
            )
            return bool(getattr(claimed, "rowcount", 0))

    def requeue_interrupted(self) -> list[str]:
        """Runs a stopped server left ``running`` go back to ``queued`` (at a server's start;
        their manifest lets the batch skip the agencies already done)."""
        with self.writing() as session:
            ids = list(session.scalars(select(BatchRun.id).where(BatchRun.status == "running")))
            if ids:
                session.execute(
                    update(BatchRun).where(BatchRun.id.in_(ids)).values(status="queued")
                )
            return ids

    def unfinished_batches(self) -> list[BatchRun]:
        with self.session() as session:
            query = select(BatchRun).where(BatchRun.status.in_(("queued", "running")))
            return list(session.scalars(query.order_by(BatchRun.created_at)))

    def ping(self) -> None:
        """One round trip to the database (the readiness check); raises when it does not answer."""
        with self.engine.connect() as connection:
            connection.execute(select(1))


class WorkspaceConversations:
    """The chat service's conversation store, kept in the workspace per owner: a caller
    can continue only their own conversations."""

    def __init__(self, workspace: Workspace, owner: str) -> None:
        self.workspace = workspace
        self.owner = owner

    def load(self, conversation_id: str) -> Conversation | None:
        if not is_conversation_id(conversation_id):
            return None
        with self.workspace.session() as session:
            row = session.get(ConversationRecord, conversation_id)
            if row is None or row.owner != self.owner:
                return None
            return Conversation(row.id, [Turn(**t) for t in row.turns])

    def save(self, conversation: Conversation) -> None:
        with self.workspace.writing() as session:
            row = session.get(ConversationRecord, conversation.id)
            if row is not None and row.owner != self.owner:
                return  # someone else's id: never overwritten
            row = row or ConversationRecord(id=conversation.id, owner=self.owner)
            row.turns = [asdict(t) for t in conversation.turns]
            row.updated_at = utcnow()
            session.add(row)
