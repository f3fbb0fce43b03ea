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
define("sync.wrong_center",
       zh="该批次属于另一个学习中心，已拒收。",
       en="The batch belongs to another learning center and is refused.")
define("sync.malformed",
       zh="文件或数据格式不正确（可能已截断或不是批次文件），无法读取。",
       en="The file or data is not in the expected format (truncated, or not a batch file) "
          "and cannot be read.")

CODES = frozenset({BAD_SIGNATURE, DECRYPT_FAILED, HASH_MISMATCH, WRONG_CENTER, MALFORMED})


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
