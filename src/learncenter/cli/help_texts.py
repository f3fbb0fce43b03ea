"""The command line's help texts, in Chinese and English like every other message."""

from __future__ import annotations

from learncenter.domain.messages import define

_HELP = {
    "description": ("网络教育学习中心的现场确认与报名数据管理。", "On-site confirmation and records for learning centers of online education."),
    "data_dir": ("数据文件夹（默认：本机用户数据文件夹，或 LEARNCENTER_DATA_DIR）", "data folder (default: the user data folder, or LEARNCENTER_DATA_DIR)"),
    "lang": ("提示信息的语言（默认 zh，或 LEARNCENTER_LANG）", "language of messages (default: zh, or LEARNCENTER_LANG)"),
    "demo": ("创建演示库：生成的考生数据和照片", "create a demo database with generated candidates and photos"),
    "audit": ("审计日志", "the audit log"),
    "audit_verify": ("核验审计日志的哈希链", "check the hash chain"),
    "db": ("数据库", "the database"),
    "db_backup": ("把数据库、照片和元数据（仍加密）复制到文件夹 DEST", "copy database, photos and metadata (still encrypted) to folder DEST"),
    "db_integrity": ("检查数据库和照片是否完好", "check the database and its photos"),
    "db_upgrade": ("先备份，再把数据库结构升级到最新版本", "back up, then bring the schema to the newest version"),
    "db_recover": ("用恢复密钥找回数据库访问权限", "restore access with the recovery key"),
    "recovery_key": ("恢复密钥（默认：提示输入，或从标准输入读取）", "the key (default: asked for, or read from standard input)"),
    "users": ("用户和角色", "users and roles"),
    "users_add": ("添加用户", "add a user"),
    "password_stdin": ("从标准输入读取密码", "read the password from standard input"),
    "users_list": ("列出用户", "list users"),
    "check_id": ("解释身份证号（是否有效、出生日期、性别、地区）", "explain an ID number (valid? birth date, gender, region)"),
    "import": ("从 CSV 或 XLSX 文件导入报名数据", "import applications from a CSV or XLSX file"),
    "report": ("把被拒绝的行写入此 CSV/XLSX 文件", "write refused rows to this CSV/XLSX file"),
    "encoding": ("CSV 文件的编码（默认自动识别；如 gbk、gb18030、utf-8）", "encoding of a CSV file (default: detected; e.g. gbk, gb18030, utf-8)"),
    "export": ("把记录及其状态导出为 .xlsx 或 .csv", "export the records with their state to .xlsx or .csv"),
    "search": ("按身份证号、姓名、拼音或报名号查找", "find records by ID number, name, pinyin or registration number"),
    "verify_notice": ("验证准考证（PDF、扫描件或照片）上的二维码：有效、伪造或被改动", "check the QR code of an admission notice (PDF, scan or photo): valid, forged or altered"),
    "notice_file": ("准考证的 PDF 文件或 PNG/JPEG 图片", "the notice as a PDF file or a PNG/JPEG image"),
    "notice_keys": ("学习中心公钥文件（由考务管理员提供）", "the learning centers' keys file (from the exam administrator)"),
}

for _key, (_zh, _en) in _HELP.items():
    define(f"cli.help.{_key}", zh=_zh, en=_en)


def help_code(key: str) -> str:
    if key not in _HELP:
        raise KeyError(key)
    return f"cli.help.{key}"
