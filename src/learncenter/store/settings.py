"""Settings of this center kept in the (encrypted) database: they travel with its backups."""

from __future__ import annotations

from sqlalchemy.orm import Session

from learncenter.store.models import Setting

CENTER_NAME = "center_name"
ENROLLED_CENTER_ID = "sync.center_id"  # the code the registry gave at enrollment (sync.pins)


def get(session: Session, key: str, default: str = "") -> str:
    row = session.get(Setting, key)
    return row.value if row is not None else default


def put(session: Session, key: str, value: str) -> None:
    row = session.get(Setting, key)
    if row is None:
        session.add(Setting(key=key, value=value))
    else:
        row.value = value
