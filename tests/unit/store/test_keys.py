"""Key custody: no silent fallback without a keyring; the recovery key restores access."""

from __future__ import annotations

import keyring
import pytest
from keyring.backends import fail

from candidates import new_record
from learncenter.context import AppContext
from learncenter.store.database import create_database, open_database, recover_database
from learncenter.store.errors import StoreError
from learncenter.store.layout import DataDir
from actors import sign_in_as


def test_without_a_secure_keyring_a_real_database_is_refused_plainly(data_dir: DataDir) -> None:
    keyring.set_keyring(fail.Keyring())
    with pytest.raises(StoreError) as caught:
        create_database(data_dir)
    assert caught.value.problem.code == "store.keyring_missing"
    assert "gnome-keyring" in caught.value.text("zh") and "learncenter demo" in caught.value.text("en")
    assert not data_dir.database.exists() and not data_dir.meta.exists()


def test_plaintext_keyring_counts_as_no_keyring(data_dir: DataDir) -> None:
    from keyrings.alt.file import PlaintextKeyring  # type: ignore[import-untyped]

    keyring.set_keyring(PlaintextKeyring())
    with pytest.raises(StoreError):
        create_database(data_dir)


def test_recovery_key_restores_access_after_keyring_loss(data_dir: DataDir, memory_keyring) -> None:
    db, recovery = create_database(data_dir)
    assert recovery is not None and len(recovery.replace("-", "")) == 32
    ctx = AppContext.build(db)
    ctx.records.enter(new_record(), actor=sign_in_as(ctx.users, "tester"))
    ctx.close()

    memory_keyring.secrets.clear()  # a new computer, or a wiped keyring
    with pytest.raises(StoreError) as caught:
        open_database(data_dir)
    assert caught.value.problem.code == "store.key_not_in_keyring"

    with pytest.raises(StoreError) as wrong:
        recover_database(data_dir, "AAAA-" * 7 + "AAAA")
    assert wrong.value.problem.code == "store.recovery_key_wrong"

    recover_database(data_dir, recovery.lower().replace("-", " "))  # as a person might type it
    reopened = AppContext.build(open_database(data_dir), actor=sign_in_as(ctx.users, "tester"))
    with reopened.db.session() as session:
        from learncenter.store.search import search

        assert [h.name for h in search(session, "张三")] == ["张三"]
    reopened.close()
