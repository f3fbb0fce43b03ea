"""The one error type of sync, with the protocol's error codes (``docs/protocol.md`` §7).

A refused batch or receipt must tell the clerk, the registry's log and the wire the same thing,
so each failure is a :class:`SyncError` whose short ``code`` is the protocol code and whose
sentences (Chinese and English) live in the message catalogue under ``sync.<code>``. The
message never repeats content of the batch: the point of failing is that it cannot be trusted.
"""

from __future__ import annotations

from typing import Any

from learncenter.domain.messages import DomainError, Problem, define

BAD_SIGNATURE = "bad_signature"
DECRYPT_FAILED = "decrypt_failed"
HASH_MISMATCH = "hash_mismatch"
WRONG_CENTER = "wrong_center"
MALFORMED = "malformed"

define("sync.bad_signature",
       zh="签名验证失败：该数据不是由登记的密钥签发的，或已被改动，已拒收。",
       en="The signature does not verify: the data was not signed by the enrolled key or was "
          "altered, and is refused.")
define("sync.decrypt_failed",
       zh="无法解密：数据已被改动，或不是发给本机构密钥的，未采用任何内容。",
       en="Cannot decrypt: the data was altered or was not encrypted to this key; nothing was "
          "applied.")
define("sync.hash_mismatch",
       zh="内容校验值与清单不符：数据不完整或已被改动，未采用任何内容。",
       en="A content hash does not match the manifest: the data is incomplete or altered; "
          "nothing was applied.")
define("sync.unknown_material",
       zh="登记机构没有这份网上提交的材料（或它不属于本中心的考生）。",
       en="The registry has no such submitted material (or it is not one of this center's candidates).")
define("sync.wrong_center",
       zh="该批次属于另一个学习中心，已拒收。",
       en="The batch belongs to another learning center and is refused.")
define("sync.malformed",
       zh="文件或数据格式不正确（可能已截断或不是批次文件），无法读取。",
       en="The file or data is not in the expected format (truncated, or not a batch file) "
          "and cannot be read.")

UNKNOWN_KEY = "unknown_key"
REVOKED_KEY = "revoked_key"
CLOCK_SKEW = "clock_skew"
UNKNOWN_BATCH = "unknown_batch"
BATCH_CONFLICT = "batch_conflict"
SEQUENCE_GAP = "sequence_gap"
REPLAYED = "replayed"
BLOBS_MISSING = "blobs_missing"
TOO_LARGE = "too_large"
OFFSET_MISMATCH = "offset_mismatch"
SLOW_DOWN = "slow_down"
UNAVAILABLE = "unavailable"
BAD_CODE = "bad_code"
NOT_ENROLLED = "not_enrolled"
UNREACHABLE = "unreachable"
AUDIT_ROLLBACK = "audit_rollback"
UNKNOWN_MATERIAL = "unknown_material"

define("sync.unknown_key",
       zh="登记机构不认识该密钥：本中心可能尚未登记，请用新的登记码重新登记。",
       en="The registry does not know this key: the center may not be enrolled; enroll again "
          "with a new code.")
define("sync.revoked_key",
       zh="本中心的密钥已被登记机构吊销，请联系登记机构管理员获取新的登记码并重新登记。",
       en="This center's key was revoked by the registry; ask its administrator for a new code "
          "and enroll again.")
define("sync.clock_skew",
       zh="本机时间与登记机构相差超过 10 分钟，请校准本机日期和时间后重试。",
       en="This computer's clock is more than 10 minutes off the registry's; set the date and "
          "time correctly and try again.")
define("sync.unknown_batch",
       zh="登记机构没有这个批次。",
       en="The registry has no such batch.")
define("sync.batch_conflict",
       zh="同一批次编号已用于不同的内容，已拒收。",
       en="The same batch id was already used for different content; refused.")
define("sync.sequence_gap",
       zh="批次序号不连续：之前的批次尚未提交，请先完成之前的批次。",
       en="The batch sequence has a gap: an earlier batch was not committed; send it first.")
define("sync.replayed",
       zh="该批次或请求已被使用过（重放），已拒收。",
       en="The batch or request was already used (a replay) and is refused.")
define("sync.blobs_missing",
       zh="照片或扫描件尚未全部上传，无法提交批次；请继续上传。",
       en="Not every photo or scan has been uploaded, so the batch cannot be committed; "
          "continue the upload.")
define("sync.too_large",
       zh="批次超过登记机构的限制（记录数或大小），请分成较小的批次。",
       en="The batch exceeds the registry's limits (records or size); send smaller batches.")
define("sync.offset_mismatch",
       zh="续传位置与登记机构记录的不一致，将从登记机构给出的位置继续。",
       en="The upload offset does not match the registry's; the upload continues from the "
          "registry's offset.")
define("sync.slow_down",
       zh="登记机构繁忙，稍后自动重试。",
       en="The registry is busy; the upload will be retried shortly.")
define("sync.unavailable",
       zh="登记机构暂时不可用，稍后自动重试。",
       en="The registry is temporarily unavailable; the upload will be retried later.")
define("sync.bad_code",
       zh="登记码无效、已使用或已过期，请向登记机构管理员索取新的登记码。",
       en="The enrollment code is wrong, used or expired; ask the registry's administrator for "
          "a new one.")
define("sync.not_enrolled",
       zh="本中心尚未登记到登记机构：请先运行 learncenter sync enroll 网址 登记码。",
       en="This center is not enrolled with a registry yet: run learncenter sync enroll URL "
          "CODE first.")
define("sync.unreachable",
       zh="无法连接登记机构（{detail}）。记录已安全保存在本机，网络恢复后会自动发送。",
       en="Cannot reach the registry ({detail}). The records are safe on this computer and "
          "will be sent when the connection is back.")

define("sync.audit_rollback",
       zh="批次所附的审计日志签名头（{sent} 条）少于登记机构已收到的（{held} 条），或同一条数下哈希不同："
          "本中心的审计日志被截短或改写过，批次已拒收。请联系登记机构管理员。",
       en="The batch's signed audit head ({sent} entries) is behind the one the registry already holds "
          "({held} entries), or differs from it at the same count: this center's audit log was cut "
          "short or rewritten, and the batch is refused. Contact the registry's administrator.")

CLIENT_TOO_OLD = "client_too_old"

define("sync.client_too_old",
       zh="本机的 learncenter {version} 版本过旧，登记机构只接收 {minimum} 及以上版本上报的数据。请管理员先安装更新"
          "（帮助 ▸ 软件更新…），再同步；已封存的记录都保留在本机，不会丢失。",
       en="This workstation's learncenter {version} is too old: the registry takes data only from version {minimum} "
          "or later. An administrator installs the update first (Help ▸ Software update…), then syncs; every sealed "
          "record stays safe here meanwhile.")

UNSUPPORTED_PROTOCOL = "unsupported_protocol"

define("sync.unsupported_protocol",
       zh="本机与登记机构的同步协议版本不同（本机 {ours}，对方 {theirs}）：请先把版本较旧的一方更新到最新版本，"
          "再同步；已封存的记录都保留在本机，不会丢失。",
       en="This workstation and the registry speak different sync protocols (here {ours}, there {theirs}): "
          "update the older of the two first, then sync; every sealed record stays safe here meanwhile.")

CODES = frozenset({BAD_SIGNATURE, DECRYPT_FAILED, HASH_MISMATCH, WRONG_CENTER, MALFORMED,
                   UNKNOWN_KEY, REVOKED_KEY, CLOCK_SKEW, UNKNOWN_BATCH, BATCH_CONFLICT,
                   SEQUENCE_GAP, REPLAYED, BLOBS_MISSING, TOO_LARGE, OFFSET_MISMATCH, SLOW_DOWN,
                   UNAVAILABLE, BAD_CODE, NOT_ENROLLED, UNREACHABLE, AUDIT_ROLLBACK, UNKNOWN_MATERIAL,
                   CLIENT_TOO_OLD, UNSUPPORTED_PROTOCOL})


class SyncError(DomainError):
    """A batch, file or receipt that must be refused as a whole; ``code`` is the §7 code."""

    def __init__(self, code: str, **params: Any) -> None:
        if code not in CODES:
            raise ValueError(f"unknown sync error code {code!r}")
        super().__init__(Problem(f"sync.{code}", params=params))

    @property
    def code(self) -> str:
        """The protocol code as it travels on the wire (without the ``sync.`` prefix)."""
        return self.problem.code.removeprefix("sync.")
