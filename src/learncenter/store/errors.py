"""Errors of the store that a user can cause or fix, with the sentence that tells them how."""

from __future__ import annotations

from learncenter.domain.messages import DomainError, Problem, define

KEYRING_MISSING = define(
    "store.keyring_missing",
    zh="没有可用的安全密钥环（当前：{backend}），无法保存数据库密钥。Windows 和 macOS 自带密钥环；"
    "Linux 请安装并解锁 GNOME Keyring 或 KWallet（例如 apt-get install gnome-keyring），然后重试。"
    "只想试用时可运行 learncenter demo，演示库的密钥存放在文件中。",
    en="No secure keyring is available (found: {backend}), so the database key cannot be kept. "
    "Windows and macOS have one built in; on Linux install and unlock GNOME Keyring or KWallet "
    "(e.g. apt-get install gnome-keyring) and try again. To just try the program, run "
    "`learncenter demo`: a demo database keeps its key in a file.",
)
KEY_NOT_IN_KEYRING = define(
    "store.key_not_in_keyring",
    zh="在本机密钥环中找不到数据库 {path} 的密钥。如果换了电脑或重装了系统，请用首次启动时"
    "显示的恢复密钥运行 learncenter db recover。",
    en="The key of database {path} is not in this computer's keyring. If the computer or its "
    "system was changed, run `learncenter db recover` with the recovery key shown at first start.",
)
WRONG_KEY = define(
    "store.wrong_key",
    zh="无法用现有密钥打开数据库 {path}：密钥不对或文件已损坏。请用恢复密钥运行 learncenter db recover，"
    "或从备份恢复。",
    en="Database {path} cannot be opened with the key at hand: the key is wrong or the file is "
    "damaged. Run `learncenter db recover` with the recovery key, or restore a backup.",
)
RECOVERY_KEY_WRONG = define(
    "store.recovery_key_wrong",
    zh="恢复密钥不正确。请逐字核对（只含字母和数字，连字符可省略）后重试。",
    en="The recovery key is not right. Check it character by character (letters and digits; "
    "hyphens are optional) and try again.",
)
NO_DATABASE = define(
    "store.no_database",
    zh="{path} 中没有数据库。请先运行 learncenter demo 创建演示库，或用 learncenter users add 创建"
    "第一个管理员（会同时创建数据库）。",
    en="There is no database in {path}. Run `learncenter demo` for a demo database, or "
    "`learncenter users add NAME --role admin` to create the first administrator (and the database).",
)
NEWER_SCHEMA = define(
    "store.newer_schema",
    zh="数据库 {path} 由更新版本的 learncenter 创建（结构版本 {found}），请升级本程序。",
    en="Database {path} was written by a newer learncenter (schema {found}); please upgrade "
    "this program.",
)
REAL_DATABASE_PRESENT = define(
    "store.real_database_present",
    zh="{path} 中已有正式数据库，演示数据不会覆盖它。请用 --data-dir 指定另一个文件夹。",
    en="{path} holds a real database; demo data will not overwrite it. Choose another folder "
    "with --data-dir.",
)
DATABASE_EXISTS = define(
    "store.database_exists",
    zh="{path} 中已有数据库，不会新建。",
    en="{path} already holds a database; a new one is not created.",
)
BLOB_MISSING = define(
    "store.blob_missing",
    zh="找不到内容为 {sha256} 的照片或扫描件文件，请从备份恢复 blobs 文件夹。",
    en="The photo or scan with content {sha256} is missing; restore the blobs folder from a backup.",
)
BLOB_DAMAGED = define(
    "store.blob_damaged",
    zh="照片或扫描件 {sha256} 已损坏或被篡改，请从备份恢复。",
    en="The photo or scan {sha256} is damaged or was tampered with; restore it from a backup.",
)

DATABASE_BUSY = define(
    "store.database_busy",
    zh="另一个程序（另一个 learncenter 窗口或命令）正在写入数据库 {path}，等了 {seconds} 秒仍未结束。"
    "请等它完成后再试一次；已保存的数据不受影响。",
    en="Another program (another learncenter window or command) is writing to the database {path} and "
    "did not finish within {seconds} s. Try again once it is done; nothing already saved is affected.",
)


class StoreError(DomainError):
    """A store failure explained to the user."""


DEVICE_KEY_MISSING = define(
    "store.device_key_missing",
    zh="在本机密钥环中找不到本中心的设备密钥 {key_id}（换了电脑或密钥环被清空）。"
    "请向登记机构管理员索取新的登记码，运行 learncenter sync enroll 重新登记，系统会生成新密钥。",
    en="This center's device key {key_id} is not in this computer's keyring (a new computer, or "
    "the keyring was cleared). Ask the registry's administrator for a new code and run "
    "`learncenter sync enroll` again; a new key is made then.",
)

def store_error(code: str, **params: object) -> StoreError:
    return StoreError(Problem(code, None, params))
