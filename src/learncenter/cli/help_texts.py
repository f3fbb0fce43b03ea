"""The command line's help texts, in Chinese and English like every other message."""

from __future__ import annotations

from learncenter.domain.messages import define

_HELP = {
    "description": ("网络教育学习中心的现场确认与报名数据管理。", "On-site confirmation and records for learning centers of online education."),
    "data_dir": ("数据文件夹（默认：本机用户数据文件夹，或 LEARNCENTER_DATA_DIR）", "data folder (default: the user data folder, or LEARNCENTER_DATA_DIR)"),
    "lang": ("提示信息的语言（默认 zh，或 LEARNCENTER_LANG）", "language of messages (default: zh, or LEARNCENTER_LANG)"),
    "version": ("显示版本号后退出", "show the version and exit"),
    "demo": ("创建演示库：生成的考生数据和照片", "create a demo database with generated candidates and photos"),
    "demo_students": ("演示学生人数（默认 32，0 表示不生成）", "how many demo students (default 32; 0 for none)"),
    "audit": ("审计日志", "the audit log"),
    "audit_verify": ("核验审计日志的哈希链", "check the hash chain"),
    "db": ("数据库", "the database"),
    "db_backup": ("把数据库、照片和元数据（仍加密）复制到文件夹 DEST", "copy database, photos and metadata (still encrypted) to folder DEST"),
    "db_integrity": ("检查数据库和照片是否完好", "check the database and its photos"),
    "db_upgrade": ("先备份，再把数据库结构升级到最新版本", "back up, then bring the schema to the newest version"),
    "db_restore": ("从 db backup 写出的备份文件夹恢复数据库：先检查备份，原数据库保留在 backups 文件夹中",
                   "restore the database from a folder `db backup` wrote: the backup is checked first, the current database kept in backups/"),
    "db_restore_source": ("备份文件夹", "the backup folder"),
    "db_restore_recovery_key": ("备份来自另一台电脑或另一个数据库时，该数据库的恢复密钥",
                                "the recovery key of the backed-up database, when it comes from another computer or database"),
    "db_recover": ("用恢复密钥找回数据库访问权限", "restore access with the recovery key"),
    "recovery_key": ("恢复密钥（默认：提示输入，或从标准输入读取）", "the key (default: asked for, or read from standard input)"),
    "users": ("用户和角色", "users and roles"),
    "users_add": ("添加用户", "add a user"),
    "password_stdin": ("从标准输入读取密码", "read the password from standard input"),
    "users_list": ("列出用户", "list users"),
    "check_id": ("解释证件号码：居民身份证、港澳台居民居住证、回乡证、台胞证、外国人永久居留身份证、护照（是否有效、号码表示的信息）",
                 "explain an identity document number: resident ID, residence permit, travel permits, permanent resident card, passport (valid? what it tells)"),
    "check_id_type": ("证件类型（默认按号码识别）：resident_id、residence_permit、hk_macao_permit、taiwan_permit、foreign_pr_card、foreign_pr_card_old、passport、chinese_passport",
                      "document type (default: recognised from the number): resident_id, residence_permit, hk_macao_permit, taiwan_permit, foreign_pr_card, foreign_pr_card_old, passport, chinese_passport"),
    "check_id_nationality": ("外国护照的国籍（国家名称或三字母代码，如 USA）", "a foreign passport's nationality (country name or three-letter code, e.g. USA)"),
    "import": ("从 CSV 或 XLSX 文件导入报名数据", "import applications from a CSV or XLSX file"),
    "report": ("把被拒绝的行写入此 CSV/XLSX 文件", "write refused rows to this CSV/XLSX file"),
    "encoding": ("CSV 文件的编码（默认自动识别；如 gbk、gb18030、utf-8）", "encoding of a CSV file (default: detected; e.g. gbk, gb18030, utf-8)"),
    "export": ("把记录及其状态导出为 .xlsx 或 .csv", "export the records with their state to .xlsx or .csv"),
    "sessions": ("列出考试安排；sessions add 定义新的考试安排", "list exam sessions; `sessions add` defines one"),
    "sessions_add": ("从 JSON 文件定义（或更新）考试安排：科目、考点、考场", "define (or update) an exam session from a JSON file: subjects, venues, rooms"),
    "sessions_from": ("考试安排文件（与同步下发的格式相同）", "the session file (the shape the registry sends down)"),
    "sessions_term": ("参加本次考试的报名学期，如 2026春（文件中没有 term 时必填）", "the enrolment term sitting the session, e.g. 2026春 (needed when the file has no term)"),
    "seats": ("考场座位编排", "seat assignment"),
    "seats_assign": ("为考试安排中所有已确认考生编排考场和座位；已有座位保持不变", "give every confirmed candidate of the session a room and seat; seats already given stay"),
    "seats_preview": ("只预览，不保存", "only show the plan, save nothing"),
    "seats_balanced": ("各考场轮流安排，人数均衡（默认按顺序坐满）", "deal candidates to rooms in turn (default: fill rooms in order)"),
    "seats_no_grouping": ("不按层次和专业分组", "do not group by level and major"),
    "seats_keep_free": ("每个考场预留 N 个空座（覆盖考场设置）", "keep N seats free in every room (overrides the rooms' setting)"),
    "notices": ("打印准考证为 PDF；没有照片的考生会被列出且不打印", "print admission notices to PDF; candidates without a photo are listed, not printed"),
    "notices_out": ("写成一个 PDF 文件", "one PDF file"),
    "notices_out_dir": ("每名考生一个 PDF，以准考证号命名", "one PDF per candidate, named by notice number"),
    "room_lists": ("每个考场写出签到表（<考场>-sign-in.pdf）和门贴（<考场>-door.pdf）到文件夹", "write each room's sign-in sheet (<room>-sign-in.pdf) and door list (<room>-door.pdf) to a folder"),
    "room_lists_out_dir": ("输出文件夹（不存在则创建；同名文件被替换）", "the output folder (created if missing; files of the same name are replaced)"),
    "registration_forms": ("每名已编排座位的考生写出一份考生报名登记表（<准考证号>-registration.pdf）", "write a candidate registration form for every seated candidate (<notice number>-registration.pdf)"),
    "verify_notice": ("核验准考证（PDF、照片或扫描件）上的二维码：有效、伪造或被改动", "check the QR code of a notice (PDF, photo or scan): valid, forged or altered"),
    "verify_keys": ("受信任公钥文件（默认：本中心自己的公钥）", "the trusted keys file (default: this center's own keys)"),
    "notice_keys": ("准考证核验公钥", "the keys that check notices"),
    "notice_keys_export": ("导出考点核验准考证所需的公钥文件", "export the public keys an exam site needs to check notices"),
    "unpaid": ("列出未缴费或已退费的考生（身份证号遮盖显示）", "list the candidates who have not paid or were refunded (ID numbers masked)"),
    "unpaid_unknown": ("也列出没有缴费信息的记录", "also list the records with no payment information"),
    "unpaid_out": ("同时把名单写入 .csv 或 .xlsx 文件（需导出权限）", "also write the list to a .csv or .xlsx file (needs the export permission)"),
    "search": ("按身份证号、姓名、拼音或报名号查找", "find records by ID number, name, pinyin or registration number"),
    "sync": ("与登记机构同步：登记、上报、回执、下载更新", "sync with the registry: enroll, send, receipts, updates"),
    "sync_enroll": ("用管理员给的一次性登记码把本中心登记到登记机构 URL", "enroll this center with the registry at URL using the administrator's one-time CODE"),
    "sync_device_name": ("本机名称（默认：计算机名）", "name of this computer (default: its host name)"),
    "sync_run": ("打包并上报已封存的记录，导入回执，下载更新", "send sealed records in batches, apply the receipts, download updates"),
    "sync_registry": ("这次使用的登记机构网址（默认：登记时的网址）", "registry URL for this run (default: the one enrolled with)"),
    "sync_status": ("显示登记情况和上报进度", "show the enrollment and what waits to be sent"),
    "sync_export": ("把待上报的批次写入文件 FILE（用于移动存储介质）", "write the batches waiting to be sent to FILE (for removable media)"),
    "sync_import_receipt": ("核验并导入登记机构的回执文件 FILE", "verify and apply the registry's receipt file FILE"),
    "sync_conflicts": ("列出未处理的同步冲突（登记机构发来的版本与本机记录不一致）", "list the open sync conflicts (the registry's version differs from the record here)"),
    "sync_rotate_key": ("更换本机设备密钥：经登记机构确认后启用新密钥，旧公钥保留以核验已签发的通知书", "replace this computer's device key: the new key is used once the registry confirms; the old public key stays to verify notices already signed"),
}

for _key, (_zh, _en) in _HELP.items():
    define(f"cli.help.{_key}", zh=_zh, en=_en)


def help_code(key: str) -> str:
    if key not in _HELP:
        raise KeyError(key)
    return f"cli.help.{key}"
