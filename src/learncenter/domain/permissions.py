"""Who may do what: the one table of permissions.

The services check it (in the transaction of the change, against the role the user has *now*
in the database); the workstation reads the same table to show only the pages and menus a
user may use, and the command line to refuse a command before it opens anything.
"""

from __future__ import annotations

import enum

from learncenter.domain.codes import Label
from learncenter.domain.roles import Role


class Permission(enum.StrEnum):
    SEARCH = "search"  # find records and see their personal data
    ENTER = "enter"  # type records, edit drafts and unsealed records
    IMPORT = "import"  # import spreadsheets of records
    CONFIRM = "confirm"  # check in, keep evidence, seal, refuse, reprint receipts
    APPROVE = "approve"  # a supervisor's own approval: photos, missing evidence, corrections
    CORRECT = "correct"  # start a supervised correction of a sealed record
    RETURNED = "returned"  # withdraw returned records, settle conflicts with the registry
    STUDENTS = "students"  # student status: admissions, reporting, years, change and certificate requests
    FIGURES = "figures"  # the center's figures (counts only): the dashboard and its daily report
    EXPORT = "export"  # copy records out of the encrypted store into a spreadsheet
    PAYMENTS = "payments"  # list the candidates who have not paid (or were refunded)
    EXAMS = "exams"  # exam sessions, rooms, seats, notices and their keys
    VERIFY_NOTICES = "verify-notices"  # check an admission notice someone shows
    SYNC = "sync"  # send batches, write them to a file, read receipt files
    ENROLL = "enroll"  # enroll with the registry, replace the device key
    USERS = "users"  # add, lock, unlock users and reset passwords
    MAINTAIN = "maintain"  # audit verification, backups, integrity checks, upgrades


_CLERK = {Permission.SEARCH, Permission.CONFIRM, Permission.CORRECT, Permission.RETURNED, Permission.SYNC,
          Permission.STUDENTS}
_DATA_ENTRY = {Permission.SEARCH, Permission.ENTER, Permission.IMPORT, Permission.SYNC}

PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.CLERK: frozenset(_CLERK),
    Role.DATA_ENTRY: frozenset(_DATA_ENTRY),
    Role.SUPERVISOR: frozenset(_CLERK | {Permission.ENTER, Permission.APPROVE, Permission.VERIFY_NOTICES,
                                                    Permission.FIGURES}),
    Role.ADMIN: frozenset(set(Permission) - {Permission.APPROVE}),
}

# Said in "you may not ...": what each permission lets a user do.
ACTIONS: dict[Permission, Label] = {
    Permission.SEARCH: Label("查找和查看考生记录", "find and view candidate records"),
    Permission.ENTER: Label("录入和修改未封存的记录", "enter and edit unsealed records"),
    Permission.IMPORT: Label("导入报名表格", "import spreadsheets of records"),
    Permission.CONFIRM: Label("现场确认、封存或拒绝记录", "confirm, seal or refuse records"),
    Permission.APPROVE: Label("以主管身份批准", "approve as a supervisor"),
    Permission.CORRECT: Label("发起已封存记录的更正", "start the correction of a sealed record"),
    Permission.RETURNED: Label("处理退回的记录和同步冲突", "handle returned records and sync conflicts"),
    Permission.STUDENTS: Label("办理学籍事务", "handle student status"),
    Permission.FIGURES: Label("查看本中心的统计", "see the center's figures"),
    Permission.EXPORT: Label("导出考生记录", "export candidate records"),
    Permission.PAYMENTS: Label("查看未缴费考生名单", "list the candidates who have not paid"),
    Permission.EXAMS: Label("管理考试、考场、座位和准考证", "manage exams, rooms, seats and notices"),
    Permission.VERIFY_NOTICES: Label("核验准考证", "verify admission notices"),
    Permission.SYNC: Label("与总部同步", "sync with the registry"),
    Permission.ENROLL: Label("注册本中心或更换设备密钥", "enroll the center or replace its device key"),
    Permission.USERS: Label("管理用户", "manage users"),
    Permission.MAINTAIN: Label("核验审计日志和维护数据库", "verify the audit log and maintain the database"),
}


def allows(role: Role, permission: Permission) -> bool:
    return permission in PERMISSIONS[role]
