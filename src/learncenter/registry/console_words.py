"""The words of the staff console's pages, in Chinese (the default) and English."""

from __future__ import annotations

from typing import Any

from learncenter.domain.messages import define, render

_WORDS = {
    "title": ("省级控制台", "Provincial console"),
    "nav_centers": ("学习中心", "Centers"), "nav_codes": ("登记码", "Enrollment codes"),
    "nav_keys": ("密钥", "Keys"), "nav_days": ("每日统计", "Daily figures"),
    "signed_in_as": ("账号 {name}（{role}）", "Account {name} ({role})"),
    "role_viewer": ("查看员", "viewer"), "role_operator": ("操作员", "operator"),
    "sign_out": ("退出", "Sign out"), "other_language": ("English", "中文"),
    "sign_in_title": ("控制台登录", "Console sign-in"), "name": ("账号", "Account"),
    "password": ("密码", "Password"), "sign_in": ("登录", "Sign in"),
    "wrong": ("账号或密码不对。", "The account or password is wrong."),
    "centers_intro": ("待提交：已收到、尚未提交归档的批次及其条目（照片可能仍在上传）。已退回：提交时未被采用的条目"
                      "（附原因，学习中心同步后在“退回记录”中看到）。时间为北京时间。",
                      "Waiting: batches received and not yet committed, and the entries they hold (their photos "
                      "may still be coming). Returned: entries a commit did not take (with the reason; the center "
                      "sees them under Returned records after its next sync). Times are Beijing time."),
    "filter": ("查找代码或名称", "Find an id or a name"), "find": ("查找", "Find"),
    "col_center": ("代码", "Id"), "col_name": ("名称", "Name"), "col_last_seen": ("最近联系", "Last seen"),
    "col_version": ("客户端版本", "Client version"), "col_key": ("密钥", "Key"),
    "col_waiting": ("待提交批次", "Batches waiting"), "col_waiting_entries": ("待提交条目", "Entries waiting"),
    "col_requests": ("待审核申请", "Requests for review"), "col_batches": ("已提交批次", "Batches committed"),
    "col_accepted": ("已采用", "Accepted"), "col_returned": ("已退回", "Returned"),
    "key_active": ("有效", "active"), "key_none": ("无", "none"), "never": ("从未", "never"),
    "centers_count": ("共 {count} 个学习中心。", "{count} center(s)."),
    "no_centers": ("还没有学习中心。", "No center yet."),
    "codes_intro": ("每行一个学习中心：代码，名称（名称可省略）。新代码即新学习中心；已有的学习中心得到新的登记码。"
                    "登记码一次有效，{hours} 小时后失效。",
                    "One center a line: id, name (the name may be left out). A new id makes a new center; a "
                    "center already known gets a new code. A code works once and expires after {hours} hours."),
    "centers_field": ("学习中心", "Centers"), "issue": ("生成登记码", "Issue codes"),
    "operators_only": ("只有操作员（operator）角色可以生成登记码和吊销密钥。", "Only the role operator issues codes and revokes keys."),
    "issued": ("已生成 {count} 个登记码。登记码只显示这一次：请立即下载或抄下，分别交给各学习中心。",
               "{count} code(s) issued. They are shown this once only: download or copy them now and hand each "
               "to its center."),
    "download": ("下载 CSV", "Download CSV"), "col_code": ("登记码", "Code"),
    "col_expires": ("有效期至", "Valid until"),
    "keys_intro": ("每个学习中心当前有效的密钥。吊销后，用该密钥签名的下一个请求即被拒绝；学习中心须用新的登记码重新登记。",
                   "Each center's active key. Once revoked, the next request signed with it is refused; the center "
                   "enrolls again with a new code."),
    "col_key_id": ("密钥编号", "Key id"), "col_device": ("设备", "Device"), "col_created": ("登记时间", "Enrolled"),
    "revoke": ("吊销…", "Revoke…"), "no_keys": ("没有有效的密钥。", "No active key."),
    "confirm_title": ("吊销密钥 {key_id}？", "Revoke key {key_id}?"),
    "confirm_text": ("学习中心 {center}（{name}）用这把密钥签名的下一个请求将被拒绝，直到它用新的登记码重新登记。",
                     "The next request of center {center} ({name}) signed with this key will be refused, until it "
                     "enrolls again with a new code."),
    "confirm": ("确认吊销", "Revoke"), "cancel": ("取消", "Cancel"),
    "revoked": ("已吊销学习中心 {center} 的密钥 {key_id}。", "Key {key_id} of center {center} is revoked."),
    "from": ("起始日期", "From"), "to": ("结束日期", "To"), "show": ("查看", "Show"),
    "days_intro": ("按北京时间的日期统计：收到（宣告）的批次及条目；当天提交的批次，其条目采用和退回的数目。",
                   "By day of Beijing time: batches and entries received (announced); batches committed that day, "
                   "and their entries accepted and returned."),
    "col_day": ("日期", "Day"), "col_batches_received": ("收到批次", "Batches received"),
    "col_entries_received": ("收到条目", "Entries received"), "col_committed": ("提交批次", "Batches committed"),
    "total": ("合计", "Total"),
    "form_expired": ("表单已过期，请重新提交。", "The form has expired: send it again."),
    "too_long": ("提交的内容太长。", "What was sent is too long."),
}
for _key, (_zh, _en) in _WORDS.items():
    define(f"console.w.{_key}", zh=_zh, en=_en)


class Words:
    """The console's words in one language."""

    def __init__(self, lang: str) -> None:
        self.lang = "en" if lang == "en" else "zh"

    def __call__(self, key: str, **params: Any) -> str:
        return render(f"console.w.{key}", params, self.lang)
