"""The object store in an S3-compatible service (SeaweedFS, MinIO, a cloud's): one bucket, each
object under ``<prefix><name>`` (``packs/<sha256>``, ``materials/<sha256>``; ``blobs/<sha256>``
from before packs), so several machines running the registry share the photos and scans without a
shared file system.

boto3 is imported here only, when a registry is configured with such a store: the registry's other
commands do not load it. Credentials come the way every S3 tool takes them (``AWS_ACCESS_KEY_ID``
and ``AWS_SECRET_ACCESS_KEY``, or the service user's ``~/.aws/credentials``), never from the
command line; the bucket exists beforehand (the registry never creates or deletes one).
"""

from __future__ import annotations

import logging
from typing import Any

from learncenter.registry.objects import ObjectStoreUnavailable, check_name

_log = logging.getLogger(__name__)
HEALTH_PROBE = "health-probe"  # under the prefix: what healthy() writes and reads back
# If-None-Match failed: the name is held. Not 409 (another write of it still under way, which may
# yet fail): that one is answered 503 and the batch committed at the center's next try.
_ALREADY_HELD = {"412", "PreconditionFailed"}


class S3Store:
    """Objects in ``bucket`` of the S3 service at ``endpoint`` (None: the AWS endpoint, or
    ``AWS_ENDPOINT_URL_S3``). Every request has a short connect timeout and is retried a few times
    (botocore's standard retries) before :class:`ObjectStoreUnavailable` says what failed."""

    def __init__(self, bucket: str, prefix: str = "", *, endpoint: str | None = None,
                 connect_timeout: float = 3, read_timeout: float = 20, attempts: int = 3) -> None:
        import boto3
        from botocore.config import Config

        self.bucket, self.endpoint = bucket, endpoint
        self.prefix = prefix.strip("/") + "/" if prefix.strip("/") else ""
        session = boto3.session.Session()

        def client(connect: float, read: float, tries: int) -> Any:
            config = Config(connect_timeout=connect, read_timeout=read, max_pool_connections=32,
                            retries={"mode": "standard", "total_max_attempts": tries},
                            s3={"addressing_style": "path"})  # buckets as paths: what every S3 service takes
            return session.client("s3", endpoint_url=endpoint, config=config,
                                  region_name=session.region_name or "us-east-1")

        self._client = client(connect_timeout, read_timeout, attempts)
        self._probe = client(1, 2, 1)  # the health check answers within seconds, and is asked again

    @property
    def where(self) -> str:
        """The store as the operator configured it, for messages (never a credential)."""
        return f"s3://{self.bucket}/{self.prefix}" + (f" ({self.endpoint})" if self.endpoint else "")

    def key(self, name: str) -> str:
        return self.prefix + check_name(name)

    def put(self, name: str, data: bytes) -> None:
        """One request: written unless the name is held already (``If-None-Match: *``); a service
        that ignores the condition writes it again (the same photo sealed anew), which is harmless."""
        from botocore.exceptions import BotoCoreError, ClientError

        try:
            self._client.put_object(Bucket=self.bucket, Key=self.key(name), Body=data, IfNoneMatch="*")
        except ClientError as error:
            if _code(error) not in _ALREADY_HELD:
                raise self._unavailable(error) from None
        except BotoCoreError as error:  # no connection, a timeout, no credentials
            raise self._unavailable(error) from None

    def get(self, name: str) -> bytes:
        return self._get(name, {})

    def get_range(self, name: str, offset: int, length: int) -> bytes:
        """One ranged GET (``Range: bytes=a-b``)."""
        if length <= 0:
            return b""
        return self._get(name, {"Range": f"bytes={offset}-{offset + length - 1}"})

    def _get(self, name: str, extra: dict[str, str]) -> bytes:
        from botocore.exceptions import BotoCoreError, ClientError

        key = self.key(name)
        try:
            answer = self._client.get_object(Bucket=self.bucket, Key=key, **extra)
            data: bytes = answer["Body"].read()
        except ClientError as error:
            if _code(error) == "NoSuchKey":  # not NoSuchBucket: that one is the operator's to fix
                raise KeyError(name) from None
            if _code(error) == "InvalidRange":  # the range starts past the object's end
                return b""
            raise self._unavailable(error) from None
        except BotoCoreError as error:  # no connection, a timeout, no credentials
            raise self._unavailable(error) from None
        return data

    def healthy(self) -> bool:
        """A small object written and read back: the credentials may write, the bucket exists and
        the service stores, within a few seconds."""
        key = self.prefix + HEALTH_PROBE
        try:
            self._probe.put_object(Bucket=self.bucket, Key=key, Body=b"ok")
            return bool(self._probe.get_object(Bucket=self.bucket, Key=key)["Body"].read() == b"ok")
        except Exception as error:  # noqa: BLE001 - any failure is an unhealthy store
            _log.warning("object store %s failed the health check: %s", self.where, _reason(error))
            return False

    def _unavailable(self, error: Exception) -> ObjectStoreUnavailable:
        return ObjectStoreUnavailable(self.where, _reason(error))


def _code(error: Any) -> str:
    return str(error.response.get("Error", {}).get("Code", ""))


def _reason(error: Exception) -> str:
    """What went wrong, in the service's words, short and without the request's details."""
    response = getattr(error, "response", None)
    if isinstance(response, dict):
        status = response.get("ResponseMetadata", {}).get("HTTPStatusCode", "")
        return f"{_code(error)} {status}".strip()
    return type(error).__name__
