"""API keys over HTTP (admin): create (the token is shown once), list, revoke; the audit log."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path
from pydantic import BaseModel, Field, model_validator

from assistant.api.auth import CallerDesk
from assistant.api.errors import responses
from assistant.api.inputs import MAX_ID
from assistant.workspace import Role

router = APIRouter(prefix="/v1", tags=["keys"])


class KeyRequest(BaseModel):
    model_config = {"json_schema_extra": {"examples": [
        {"name": "高雄市政府研考會 王小明", "role": "officer", "agencies": ["kaohsiung-demo"]},
        {"name": "審查委員 李大華", "role": "reviewer", "agencies": ["kaohsiung-demo", "motc-demo"]},
    ]}}  # fmt: skip

    name: str = Field(min_length=1, max_length=200, examples=["高雄市政府研考會 王小明"])
    role: Literal["officer", "reviewer", "admin"]
    agencies: list[str] = Field(default_factory=list, max_length=500, examples=[["kaohsiung-demo"]])

    @model_validator(mode="after")
    def _agencies(self) -> KeyRequest:
        if self.role == "officer" and len(self.agencies) != 1:
            raise ValueError("an officer key belongs to exactly one agency")
        return self


class KeyOut(BaseModel):
    id: int
    name: str
    role: str
    agencies: list[str]
    prefix: str = Field(description="The token's first characters, to tell keys apart")
    created_by: str
    created_at: datetime
    revoked_at: datetime | None


class NewKey(KeyOut):
    token: str = Field(description="The key itself: shown this once, stored only as a hash")


class KeyList(BaseModel):
    keys: list[KeyOut]


class AuditOut(BaseModel):
    at: datetime
    actor: str
    action: str
    target: str
    detail: dict[str, Any]


class AuditList(BaseModel):
    entries: list[AuditOut]


@router.post("/keys", response_model=NewKey, status_code=201, summary="建立金鑰 Create a key (admin)",
             responses=responses(400, 401, 403, 422))  # fmt: skip
def create_key(body: KeyRequest, desk: CallerDesk) -> NewKey:
    token, row = desk.create_key(body.name, Role(body.role), body.agencies)
    return NewKey(token=token, **row.public_fields())


@router.get(
    "/keys",
    response_model=KeyList,
    summary="金鑰清單 List keys (admin)",
    responses=responses(401, 403),
)
def list_keys(desk: CallerDesk) -> KeyList:
    return KeyList(keys=[KeyOut(**r.public_fields()) for r in desk.api_keys()])


@router.delete("/keys/{key_id}", response_model=KeyOut, summary="撤銷金鑰 Revoke a key (admin)",
               responses=responses(401, 403, 404))  # fmt: skip
def revoke_key(key_id: Annotated[int, Path(ge=1, le=MAX_ID)], desk: CallerDesk) -> KeyOut:
    return KeyOut(**desk.revoke_key(key_id).public_fields())


@router.get("/audit", response_model=AuditList, summary="稽核紀錄 Audit log (admin)",
            responses=responses(401, 403))  # fmt: skip
def audit(desk: CallerDesk, limit: int = 100) -> AuditList:
    return AuditList(entries=[AuditOut(at=r.at, actor=r.actor, action=r.action, target=r.target,
                                       detail=r.detail) for r in desk.audit(limit)])  # fmt: skip
