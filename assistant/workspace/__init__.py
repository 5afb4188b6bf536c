"""The shared workspace behind the API and the UI: users, access, saved work, audit."""

from assistant.workspace.access import LOCAL_USER, Principal, Role
from assistant.workspace.store import Workspace, WorkspaceConversations

__all__ = ["LOCAL_USER", "Principal", "Role", "Workspace", "WorkspaceConversations"]
