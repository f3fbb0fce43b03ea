"""What the quick paths load: heavy libraries come in when first used, never at start.

Each case runs in a fresh interpreter (this test process has long since imported everything)
and reports the top-level packages in ``sys.modules`` once the path has run. ``check-id`` is a
one-line answer about a number, and the start path ends with the login window on screen while
the database loads in a worker; neither may pay for OpenCV, spreadsheets, PDFs, HTTP or the
pinyin dictionary (and check-id not for the database libraries either). pypinyin is never loaded
by the application at all: scripts/build_assets.py turns it into a table at build time.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

HEAVY = {"cv2", "numpy", "openpyxl", "reportlab", "pypdf", "pypdfium2", "httpx", "pypinyin"}
DATABASE = {"sqlalchemy", "sqlcipher3", "alembic"}

REPORT = "import json, sys; print(json.dumps(sorted({m.split('.')[0] for m in sys.modules})))\n"
REPORT_MODULES = "import json, sys; print(json.dumps(sorted(sys.modules)), flush=True)\n"  # whole names

CHECK_ID = """
import contextlib, io
from learncenter.cli import main
with contextlib.redirect_stdout(io.StringIO()) as printed:
    code = main(["--data-dir", sys.argv[1], "check-id", "11010519491231002X"])
assert code == 0 and "1949-12-31" in printed.getvalue(), (code, printed.getvalue())
with contextlib.redirect_stdout(io.StringIO()) as printed:
    code = main(["--data-dir", sys.argv[1], "check-id", "X1234567", "--type", "passport", "--nationality", "DEU"])
assert code == 0 and "DEU" in printed.getvalue(), (code, printed.getvalue())
"""

START = """
from pathlib import Path
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from learncenter.cli import _command_given, build_parser
from learncenter.cli.output import Output
import learncenter.cli.start
from learncenter.store.layout import DataDir
from learncenter.ui import app as ui_app
from learncenter.ui.login_dialog import LoginDialog
from learncenter.ui.tasks import Tasks

argv = ["--data-dir", sys.argv[1]]
assert not _command_given(argv)
args = build_parser(Output("zh"), with_commands=False).parse_args(argv)
application = QApplication([])
data_dir = DataDir(Path(sys.argv[1]))
login = LoginDialog(Tasks(), lang="zh", database_text=str(data_dir.root), demo=ui_app._is_demo(data_dir))
login.show()
assert QTest.qWaitForWindowExposed(login)
"""


def loaded_after(code: str, data_dir: Path, report: str = REPORT) -> set[str]:
    """The modules ``code`` left loaded in a fresh interpreter (top-level names, or what ``report``
    prints: ``code`` may also print the report itself and leave)."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "LEARNCENTER_LANG": "zh"}
    done = subprocess.run([sys.executable, "-c", "import sys\n" + code + report, str(data_dir)],
                          capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    return set(json.loads(done.stdout.strip().splitlines()[-1]))


def test_check_id_loads_no_heavy_library_and_no_database(tmp_path: Path) -> None:
    loaded = loaded_after(CHECK_ID, tmp_path / "data")
    assert loaded & (HEAVY | DATABASE) == set()
    assert "learncenter" in loaded  # the report really ran in the process that checked the number


RESIDENT_ID = """
import contextlib, io
from learncenter.cli import main
with contextlib.redirect_stdout(io.StringIO()) as printed:
    code = main(["--data-dir", sys.argv[1], "check-id", "11010519491231002X"])
assert code == 0 and "1949-12-31" in printed.getvalue(), (code, printed.getvalue())
print(json.dumps(sorted(m for m in sys.modules if m.startswith("learncenter."))))
"""


def test_a_resident_id_is_explained_without_the_other_commands_or_the_country_table(tmp_path: Path) -> None:
    env = {**os.environ, "LEARNCENTER_LANG": "zh"}
    done = subprocess.run([sys.executable, "-c", "import json, sys\n" + RESIDENT_ID, str(tmp_path / "data")],
                          capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    loaded = set(json.loads(done.stdout.strip().splitlines()[-1]))
    assert "learncenter.cli.record_commands" in loaded
    assert loaded & {"learncenter.cli.admin_commands", "learncenter.cli.exam_commands", "learncenter.cli.sync_commands",
                     "learncenter.domain.seating", "learncenter.domain.nationalities"} == set()


def test_the_login_window_appears_before_any_heavy_library_loads(tmp_path: Path) -> None:
    loaded = loaded_after(START, tmp_path / "data")
    assert loaded & (HEAVY | DATABASE) == set()
    assert "PySide6" in loaded


OPENED = """
from pathlib import Path
from learncenter.context import AppContext
from learncenter.store.database import create_database
from learncenter.store.layout import DataDir

db, _ = create_database(DataDir(Path(sys.argv[1])), demo=True)
ctx = AppContext.build(db)  # what the workstation's worker does after the login window appears
assert ctx.users.any_user() is False
from learncenter.store.name_keys import name_keys
from learncenter.store.search import search
assert name_keys("单田芳") == ("shantianfang", "stf")  # the keys every entry writes
with db.read() as conn:
    assert search(conn, "stf") == []  # the queue's search box
ctx.close()
"""


def test_the_opened_database_waits_for_the_libraries_of_photos_sheets_and_pdfs(tmp_path: Path) -> None:
    """After sign-in the services are built; OpenCV, numpy, openpyxl and reportlab come with the
    first photo, spreadsheet or receipt, not with the services. Pinyin keys and search read the
    table made at build time, never pypinyin (56 MB of dictionaries)."""
    loaded = loaded_after(OPENED, tmp_path / "data")
    assert loaded & HEAVY == set()
    assert "sqlalchemy" in loaded  # the database really was opened


MAIN_WINDOW = """
from pathlib import Path
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from learncenter.context import AppContext
from learncenter.store.database import create_database
from learncenter.store.layout import DataDir
from learncenter.ui.shell import Shell
from learncenter.ui.tasks import Tasks

application = QApplication([])
db, _ = create_database(DataDir(Path(sys.argv[1])), demo=True)
ctx = AppContext.build(db)
ctx.users.add_first_admin("admin1", password="a long enough password")
user = ctx.users.authenticate("admin1", "a long enough password")
tasks = Tasks()
window = Shell(ctx, tasks, database_text=sys.argv[1]).open_window(user)  # the administrator sees every page
assert QTest.qWaitForWindowExposed(window)
QTest.qWait(50)  # the first reads of the queue and the sync indicator
tasks.wait()
"""


def test_the_main_window_opens_without_the_libraries_of_photos_sheets_pdfs_and_http(tmp_path: Path) -> None:
    """The window after sign-in is built on the GUI thread: a library it loads is a freeze (OpenCV
    and numpy alone take 300+ ms) and memory the clerk may never need. Each comes with its first
    use: a photo, a chosen spreadsheet, a receipt or a notice, a sync, a name entered."""
    loaded = loaded_after(MAIN_WINDOW, tmp_path / "data")
    assert loaded & {"cv2", "numpy", "openpyxl", "reportlab", "pypdf", "pypdfium2", "httpx", "pypinyin"} == set()
    assert "sqlalchemy" in loaded and "PySide6" in loaded  # the window really was built on a database


CSV_IMPORT = """
from datetime import date
from pathlib import Path
from learncenter.context import AppContext
from learncenter.domain.codes import field_label
from learncenter.services.demo.people import generate_rows
from learncenter.services.sheets import write_sheet
from learncenter.store.database import create_database
from learncenter.store.layout import DataDir

root = Path(sys.argv[1])
db, _ = create_database(DataDir(root / "data"), demo=True)
ctx = AppContext.build(db)
ctx.users.add_first_admin("admin1", password="a long enough password")
admin = ctx.users.authenticate("admin1", "a long enough password")
people = list(generate_rows(20, seed=7, today=date.today()))
fields = list(people[0])
sheet = root / "list.csv"
write_sheet(sheet, [field_label(f, "zh") for f in fields], [[p.get(f, "") for f in fields] for p in people])
result = ctx.importer.run(sheet, actor=admin)
assert result.created == 20, result
ctx.close()
"""


def test_a_csv_is_written_and_imported_without_openpyxl(tmp_path: Path) -> None:
    """openpyxl weighs 35 MB in the workstation's memory; a CSV never needs it."""
    loaded = loaded_after(CSV_IMPORT, tmp_path)
    assert "openpyxl" not in loaded
    assert "pypinyin" not in loaded  # the names' keys come from the table made at build time


ENTRY_POINT = f"""
REPORT_MODULES = {REPORT_MODULES!r}
import os
from PySide6.QtCore import QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
application = QApplication([])

def probe():
    from learncenter.ui.login_dialog import LoginDialog
    shown = [w for w in QApplication.topLevelWidgets() if isinstance(w, LoginDialog) and w.isVisible()]
    assert shown and QTest.qWaitForWindowExposed(shown[0])
    exec(REPORT_MODULES)
    os._exit(0)

QTimer.singleShot(0, probe)
from learncenter.cli import main
main(["--data-dir", sys.argv[1]])
"""


def test_the_real_start_shows_the_login_window_before_the_log_rotation_and_the_error_window(
    tmp_path: Path,
) -> None:
    """Through the entry point, with an existing database: the log's rotating file, the update
    installer's tools and the unexpected-error window load after the login window is up."""
    data = tmp_path / "data"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "LEARNCENTER_LANG": "zh"}
    made = subprocess.run([sys.executable, "-m", "learncenter", "--data-dir", str(data), "demo", "--candidates", "5"],
                          capture_output=True, text=True, env=env, timeout=300)
    assert made.returncode == 0, made.stderr
    loaded = loaded_after(ENTRY_POINT, data, report="")  # the probe reports once the window is up
    assert "learncenter.ui.login_dialog" in loaded
    assert loaded & {"logging.handlers", "subprocess", "learncenter.ui.crash_notice",
                     "learncenter.support_file", "sqlalchemy"} == set()
