"""Screenshots of every page, in Chinese and English, from the real application on a demo database.

Run under a display (CI-free): xvfb-run -a .venv/bin/python scripts/screenshots.py
Writes docs/screenshots/<page>-<lang>.png.
"""

from __future__ import annotations

import sys
import tempfile
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from PySide6.QtCore import QTimer  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication, QScrollArea, QWidget  # noqa: E402

from faces import face_photo, id_card_side  # noqa: E402
from sqlalchemy import select  # noqa: E402

from learncenter.context import AppContext  # noqa: E402
from learncenter.domain.candidate import CANDIDATE_FIELDS  # noqa: E402
from learncenter.services.demo_setup import fill_demo  # noqa: E402
from learncenter.store.database import create_database  # noqa: E402
from learncenter.store.layout import DataDir  # noqa: E402
from learncenter.store.models import Record  # noqa: E402
from learncenter.ui.confirmation_page import Prompts  # noqa: E402
from learncenter.ui.i18n import install_translators  # noqa: E402
from learncenter.ui.login_dialog import LoginDialog  # noqa: E402
from learncenter.ui.main_window import MainWindow  # noqa: E402
from learncenter.ui.tasks import Tasks  # noqa: E402

OUT = ROOT / "docs" / "screenshots"


def shoot(widget: QWidget, name: str) -> None:
    widget.show()
    QTest.qWaitForWindowExposed(widget)
    QTest.qWait(150)
    widget.grab().save(str(OUT / f"{name}.png"))


def shoot_screen(name: str) -> None:
    """The whole (1366×768) screen: the window with the dialog it opened over it."""
    QTest.qWait(250)
    screen = QApplication.primaryScreen()
    screen.grabWindow(0).save(str(OUT / f"{name}.png"))


def open_dialog(parent: QWidget, kind: type) -> QWidget:
    QTest.qWait(100)
    [dialog] = [d for d in parent.findChildren(kind) if d.isVisible()]
    return dialog


def desk_dialogs(window: MainWindow, ctx: AppContext, images: list[bytes], lang: str) -> None:
    """The summary before sealing, a refusal, a supervisor approving a failed photo, the lock."""
    from faces import face_on_white

    from learncenter.ui.prompts import RefusalDialog, SupervisorDialog
    from learncenter.ui.seal_summary import SealSummaryDialog

    page = window.confirmation
    page.confirm()
    shoot_screen(f"seal-summary-{lang}")
    open_dialog(page, SealSummaryDialog).close()
    page.refuse()
    refusal = open_dialog(page, RefusalDialog)
    refusal.reasons.setCurrentIndex(3)  # not in the national education series: what to tell the candidate
    shoot_screen(f"refuse-{lang}")
    refusal.close()
    with ctx.db.session() as session:
        other = session.scalars(select(Record.id).where(
            Record.is_current.is_(True), Record.state.in_(("pre_registered", "awaiting_confirmation")),
            Record.id != getattr(page._candidate, "record_id", None)).order_by(Record.id)).first()
    assert other is not None
    page.open_record(other)
    images.append(face_on_white())
    page.take_photo()
    page.accept_photo.click()
    approval = open_dialog(page, SupervisorDialog)
    shoot_screen(f"supervisor-approval-{lang}")
    approval.close()
    window.idle_lock.lock()
    shoot_screen(f"lock-{lang}")
    window.idle_lock.stop()


def verify_notices(window: MainWindow, ctx: AppContext, folder: Path, lang: str) -> None:
    """The exam door's page with a genuine notice (a PDF) and then a forged one (a scan), from
    files: there is no camera under Xvfb, which the page says."""
    import pypdfium2
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from learncenter.documents.notice import render_notices
    from learncenter.store import device_key
    from notice_samples import notice

    genuine = folder / "notice-260000003.pdf"
    genuine.write_bytes(render_notices([notice(3)], device_key.current_key(ctx.db)))
    forged_pdf = folder / "forged.pdf"
    forged_pdf.write_bytes(render_notices([notice(5)], Ed25519PrivateKey.generate()))
    document = pypdfium2.PdfDocument(str(forged_pdf))
    forged = folder / "scan-forged.png"
    document[0].render(scale=150 / 72).to_pil().save(forged)
    document.close()
    window.nav.setCurrentRow(window.stack.indexOf(window.verify))
    window.verify.open_file(genuine)
    shoot(window, f"verify-valid-{lang}")
    window.verify.open_file(forged)
    shoot(window, f"verify-forged-{lang}")


def card_mismatch(window: MainWindow, ctx: AppContext, lang: str) -> None:
    """A card scanned at the desk that is not quite the record's: read offline, field by field."""
    from card_images import front, jpeg

    page = window.confirmation
    with ctx.db.session() as session:
        record = session.scalars(select(Record).where(Record.is_current.is_(True), Record.state != "confirmed",
                                                      Record.document_type.is_(None))).first()
    assert record is not None
    page.open_record(record.id)
    wrong_day = record.birth_date.replace(day=28 if record.birth_date.day != 28 else 27)
    scan = jpeg(front(name=record.name[:-1] + "明", gender="女" if record.gender == "1" else "男", birth=wrong_day,
                      id_number=record.id_number))
    page._scanned(record.id, "id_front", scan)  # what the scanner hands the page
    for _ in range(100):
        if page.card_reading.text() and "…" not in page.card_reading.text():
            break
        QTest.qWait(100)
    shoot(window, f"confirmation-card-mismatch-{lang}")


def submitted_material(window: MainWindow, ctx: AppContext, lang: str) -> None:
    """A candidate whose photo and card scans came down with the sync, offered beside the photo."""
    import hashlib
    from datetime import UTC, datetime

    from card_images import back, front, jpeg
    from faces import face_photo
    from unit.sync.in_process_registry import InProcessRegistry

    from learncenter.sync.downsync import note_materials
    from learncenter.sync.materials import fetch_materials

    with ctx.db.session() as session:
        record = session.scalars(select(Record).where(Record.is_current.is_(True), Record.state == "pre_registered",
                                                      Record.document_type.is_(None))).all()[-1]
    materials = {"photo": face_photo(), "id_front": jpeg(front(name=record.name, id_number=record.id_number)),
                 "id_back": jpeg(back())}
    named = {kind: hashlib.sha256(data).hexdigest() for kind, data in materials.items()}
    now = datetime.now(UTC)
    with ctx.db.session() as session, session.begin():
        note_materials(session, record.term, record.id_number, named, now.replace(tzinfo=None))
    fetch_materials(ctx.db, InProcessRegistry(materials={named[k]: v for k, v in materials.items()}), now=lambda: now)
    window.confirmation.open_record(record.id)
    QTest.qWait(300)
    shoot(window, f"confirmation-submitted-{lang}")


def workstation_extras(window: MainWindow, folder: Path, lang: str) -> None:
    """Help ▸ User manual, a backup to a stick, the question before a restore, and the box an
    unexpected error brings up."""
    from PySide6.QtWidgets import QMessageBox

    from learncenter.ui.crash_notice import CrashNotice
    from learncenter.ui.manual_dialog import ManualDialog

    manual = ManualDialog(window, lang)
    manual.show()
    shoot_screen(f"manual-{lang}")
    manual.close()
    stick = folder / "usb-stick"
    stick.mkdir(parents=True, exist_ok=True)
    window.backups._back_up_to(stick)  # what the folder dialog hands on
    for _ in range(100):
        if window.backups.last is not None:
            break
        QTest.qWait(100)
    shoot_screen(f"backup-{lang}")
    for box in window.findChildren(QMessageBox):
        box.close()
    assert window.backups.last is not None
    window.backups._restore_from(window.backups.last.folder)  # Restore from a backup…, the folder chosen
    QTest.qWait(100)
    shoot_screen(f"restore-question-{lang}")
    for box in window.findChildren(QMessageBox):
        box.close()  # No: the restore itself is shown in tests/ui/test_restore_from_the_menu.py
    window.look_for_update()
    updates = window.open_updates()
    QTest.qWait(200)
    shoot_screen(f"update-{lang}")
    updates.close()
    notice = CrashNotice(str(folder / "logs" / "learncenter.log"))
    notice.uncaught(RuntimeError())
    QTest.qWait(100)
    shoot_screen(f"crash-{lang}")
    if notice.box is not None:
        notice.box.close()


def registry_answers(ctx: AppContext) -> None:
    """Enroll with a registry made of the real protocol code (tests/unit/sync), have it send two
    confirmations back as duplicates and two pre-registrations that clash with records changed
    here, then sync: the Returned records and Sync conflicts pages have something to show."""
    from unit.sync.in_process_registry import CODE, URL, InProcessRegistry

    from learncenter.domain.sync_limits import SyncLimits
    from learncenter.store.models import Record
    from learncenter.sync.engine import SyncEngine
    from learncenter.sync.enrollment import enroll

    from learncenter.domain.updates import UpdateManifest
    from learncenter.protocol.update_manifest import sign_manifest

    registry = InProcessRegistry()
    registry.update = sign_manifest(registry.sign.private, UpdateManifest(
        "0.2.0", "0.1.0", "learncenter-0.2.0-setup.exe", "0" * 64, 241_000_000,
        "新增“统计”页和现场确认日报；可在工作站中从备份恢复；软件更新随同步下发。",
        "A Dashboard page and the daily report; restore from a backup in the workstation; updates come "
        "with the sync.", "2026-12-04T08:00:00Z"))
    enroll(ctx.db, registry.enroll, url=URL, code=CODE, device_name="desk-1", client_version="screens",
           actor=ctx.user)
    with ctx.db.session() as session:
        current = session.scalars(select(Record).where(Record.is_current.is_(True)).order_by(Record.id_number)).all()
        sealed = [row for row in current if row.sealed_at is not None][:2]
        drafts = [row for row in current if row.sealed_at is None][:2]
        for row, other in zip(sealed, ("11002", "36001"), strict=True):
            tail = row.id_number[-4:]
            registry.reject[row.id] = (
                "duplicate_person",
                f"身份证号尾号 {tail}（{row.term}）的考生已于 2026-11-20 在学习中心 {other} 确认，"
                "本次确认未被采用：请核实该考生是否在两处报名，并与登记机构联系。",
                f"The candidate with ID number ending {tail} ({row.term}) was already confirmed at "
                f"learning center {other} on 2026-11-20; this confirmation was not taken. Check whether "
                "the candidate registered twice and contact the registry.")
        for row, phone in zip(drafts, ("13911112222", "13733334444"), strict=True):
            data = {name: getattr(row, name) for name in CANDIDATE_FIELDS}
            data = {name: (value.isoformat() if isinstance(value, date) else
                           getattr(value, "value", value)) for name, value in data.items()}
            data["phone"] = phone
            registry.down.append({"kind": "pre_registration", "key": f"{row.term}/{row.id_number}",
                                  "version": 1, "data": data})
    SyncEngine(ctx.db, actor=ctx.user, limits=SyncLimits(), profile_versions={}).run(registry)


def students(window: MainWindow, ctx: AppContext, lang: str) -> None:
    """The Students page: several years of demo students, then one whose timeline has a leave and a
    return approved by the registry, then a graduate whose certificate was reported lost."""
    from learncenter.services.demo_students import create_demo_students
    from learncenter.store.student_models import StudentEvent

    create_demo_students(ctx.db, ctx.students.profile, seed=3, today=date.today(), actor=ctx.user)
    window.nav.setCurrentRow(window.stack.indexOf(window.students))
    page = window.students
    page.refresh()
    shoot(window, f"students-{lang}")
    with ctx.db.session() as session:
        returned = session.scalars(select(StudentEvent.student_id).where(StudentEvent.code == "12")).first()
        lost = session.scalars(select(StudentEvent.student_id).where(StudentEvent.kind == "lost")).first()
    for student_id, name in ((returned, "students-timeline"), (lost, "students-certificate")):
        index = next(i for i, r in enumerate(page.rows) if r.id == student_id)
        page.table.selectRow(index)
        page.table.scrollToItem(page.table.item(index, 0))
        shoot(window, f"{name}-{lang}")


def confirmation_window(ctx: AppContext, keep: str, days: int = 10, per_day: int = 5) -> None:
    """Seal demo candidates over the last ``days`` days, each day on its own clock as a clerk's
    day would: most confirmed, one a day refused, some photographed twice."""
    from datetime import UTC, datetime, time, timedelta

    from learncenter.domain.lifecycle import RecordState
    from learncenter.domain.refusal_reasons import Refusal, RefusalReason
    from learncenter.services.demo.scans import attach_sample_evidence

    with ctx.db.session() as session:
        waiting = list(session.scalars(select(Record.id).where(
            Record.is_current.is_(True), Record.state == RecordState.PRE_REGISTERED.value,
            Record.id != keep).order_by(Record.id)))  # keep: the one the desk's shots seal later
    reasons = [r for r in RefusalReason if r is not RefusalReason.OTHER]
    today = date.today()
    for day in range(days):
        when = datetime.combine(today - timedelta(days=days - 1 - day), time(1, 30), tzinfo=UTC)  # 09:30 in Beijing
        day_ctx = AppContext.build(ctx.db, clock=lambda at=when: at, today=lambda: today)
        clerk = day_ctx.users.authenticate("clerk", "clerk-demo")
        for n in range(per_day + day % 3):
            if not waiting:
                return
            record_id = waiting.pop()
            try:
                attach_sample_evidence(day_ctx.records, record_id, actor=clerk)
                for _capture in range(1 + (n % 4 == 1)):  # one in four taken twice
                    day_ctx.records.record_photo_attempt(record_id, face_photo(), actor=clerk)
                if n == 0:
                    day_ctx.records.refuse(record_id, actor=clerk,
                                           reason=Refusal(reasons[day % len(reasons)]).record_text())
                else:
                    day_ctx.records.confirm(record_id, actor=clerk)
            except Exception:  # noqa: BLE001 - a demo candidate who cannot be sealed is skipped, as the demo does
                continue


def dashboard(window: MainWindow, ctx: AppContext, lang: str, keep: str) -> None:
    confirmation_window(ctx, keep)
    window.nav.setCurrentRow(window.stack.indexOf(window.dashboard))
    page = window.dashboard
    page.refresh()
    shoot(window, f"dashboard-{lang}")
    scroll = page.findChild(QScrollArea)
    scroll.verticalScrollBar().setValue(scroll.verticalScrollBar().maximum())
    shoot(window, f"dashboard-lower-{lang}")


def main() -> None:
    app = QApplication(sys.argv)
    OUT.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp())
    for lang in ("zh", "en"):
        translators = install_translators(app, lang)
        data_dir = DataDir(folder / lang)
        db, _ = create_database(data_dir, demo=True)
        (data_dir.root / "profiles").mkdir()
        import json

        from faces import NATIVE_PROFILE

        (data_dir.root / "profiles" / "photo-profiles.json").write_text(
            json.dumps({"default": "native", "profiles": [NATIVE_PROFILE]}), encoding="utf-8")
        ctx = AppContext.build(db, lang=lang)
        fill_demo(ctx.db, ctx.records, ctx.users, candidates=120, confirmed=20, seed=3, today=date.today())
        ctx.actor = ctx.users.authenticate("admin", "admin-demo")
        tasks = Tasks(synchronous=True)

        login = LoginDialog(tasks, lang=lang, database_text=str(data_dir.root), demo=True,
                            authenticate=ctx.users.authenticate)
        login.ui.userEdit.setText("clerk")
        shoot(login, f"login-{lang}")
        login.close()

        images = [id_card_side(), id_card_side((220, 220, 240)), face_photo()]
        ask = Prompts(image=lambda _p, _t, hand: hand(images.pop(0)) if images else None, receipt=lambda _path: None)
        window = MainWindow(ctx, ctx.user, tasks, ask=ask)
        window.setGeometry(0, 0, 1366, 740)  # a 1366×768 screen less the taskbar
        window.nav.setCurrentRow(0)
        shoot(window, f"queue-{lang}")
        row = window.queue.model.row_at(0)
        window.queue.search_edit.setText("wang")
        shoot(window, f"queue-search-{lang}")
        window.nav.setCurrentRow(1)
        page = window.confirmation
        page.open_record(row.record_id)
        page.card_front.click()
        page.card_back.click()
        page.card_matches.click()
        page.take_photo()
        shoot(window, f"confirmation-{lang}")
        with ctx.db.session() as session:
            exempt = session.scalars(select(Record.id).where(Record.is_current.is_(True), Record.state != "confirmed",
                                                             Record.exemptions.is_not(None),
                                                             Record.exemptions != "")).first()
        if exempt is not None:
            page.open_record(exempt)
            shoot(window, f"confirmation-exempt-{lang}")
            page.open_record(row.record_id)
        card_mismatch(window, ctx, lang)
        submitted_material(window, ctx, lang)
        page.open_record(row.record_id)
        window.resize(1280, 692)
        shoot(window, f"confirmation-1280x720-{lang}")
        window.setGeometry(0, 0, 1366, 740)
        window.nav.setCurrentRow(2)
        entry = window.data_entry
        entry.set_values({"term": "2027春", "name": "阿依古丽·买买提", "id_number": "65010219950512002",
                          "level": "zsb", "major_code": "120203", "major_name": "会计学"})
        entry.validate_now()
        shoot(window, f"data-entry-{lang}")
        window.nav.setCurrentRow(3)
        sheet = folder / f"applications-{lang}.csv"
        sheet.write_bytes(("姓名,身份证号,性别,报考层次,专业代码,专业名称,招生批次,前置学历\r\n"
                           "张三,11010519491231002X,女,高起专,530302,大数据与会计,2027春,普通高中\r\n"
                           "李四,360426199101010072,男,高起专,530302,大数据与会计,2027春,普通高中\r\n"
                           "王五,440524188001010014,男,专升本,12345,会计学,2027春,专科\r\n").encode("gb18030"))
        window.importing.open_file(sheet)
        window.importing.run()
        shoot(window, f"import-{lang}")
        registry_answers(ctx)
        window.refresh_counts()
        window.nav.setCurrentRow(window.stack.indexOf(window.returned))
        window.returned.refresh()
        window.returned.table.selectRow(0)
        shoot(window, f"returned-{lang}")
        window.nav.setCurrentRow(window.stack.indexOf(window.conflicts))
        window.conflicts.refresh()
        window.conflicts.table.selectRow(0)
        shoot(window, f"conflicts-{lang}")
        students(window, ctx, lang)
        window.nav.setCurrentRow(window.stack.indexOf(window.exams))
        exams = window.exams
        exams.refresh()
        shoot(window, f"exams-{lang}")
        exams.keep_free_spin.setValue(1)
        exams.order_check.setChecked(False)
        exams.preview()
        shoot(window, f"exams-preview-{lang}")
        exams.write_room_lists(folder / lang / "rooms")
        shoot(window, f"exams-room-lists-{lang}")
        verify_notices(window, ctx, folder / lang, lang)
        dashboard(window, ctx, lang, keep=row.record_id)
        window.nav.setCurrentRow(window.stack.indexOf(window.users_page))
        shoot(window, f"users-{lang}")
        workstation_extras(window, folder / lang, lang)
        window.nav.setCurrentRow(window.stack.indexOf(window.confirmation))
        page.open_record(row.record_id)
        desk_dialogs(window, ctx, images, lang)
        from PySide6.QtCore import QSettings

        from learncenter.ui.settings_dialog import SettingsDialog

        settings = SettingsDialog(QSettings(str(folder / f"settings-{lang}.ini"), QSettings.Format.IniFormat))
        shoot(settings, f"settings-{lang}")
        settings.close()
        window.close()
        ctx.close()
        for translator in translators:
            app.removeTranslator(translator)
    QTimer.singleShot(0, app.quit)


if __name__ == "__main__":
    main()
