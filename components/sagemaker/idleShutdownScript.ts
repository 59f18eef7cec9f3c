/**
 * The JupyterLab lifecycle configuration that stops idle apps.
 *
 * The domain is VPC-only with no route to the internet, so the script downloads nothing: it writes a small
 * watcher that uses only the Python standard library and boto3 (both in the SageMaker Distribution images) and
 * starts it in the background, because a lifecycle script must finish within five minutes.
 *
 * Idle means: no kernel is busy, and neither a kernel nor a terminal has shown activity for the timeout.
 * When idle, the watcher deletes its own app with the execution role (which is allowed `sagemaker:DeleteApp`
 * on the domain's apps). The space and its storage survive; only the compute stops.
 */

/** The watcher; reads its timeout in minutes as its only argument. */
const WATCHER = String.raw`import datetime
import json
import sys
import time
import urllib.request

import boto3

IDLE_SECONDS = int(sys.argv[1]) * 60
POLL_SECONDS = 120
API = "http://127.0.0.1:8888/jupyterlab/default/api/"
METADATA = "/opt/ml/metadata/resource-metadata.json"


def log(message):
    print(f"{datetime.datetime.now(datetime.timezone.utc).isoformat()} idle-shutdown: {message}", flush=True)


def get(path):
    with urllib.request.urlopen(API + path, timeout=10) as response:
        return json.load(response)


def parse(timestamp):
    return datetime.datetime.fromisoformat(timestamp.replace("Z", "+00:00"))


def activity():
    """(any kernel busy, latest activity of any kernel or terminal or None)."""
    latest = None
    busy = False
    for item in get("kernels") + get("terminals"):
        if item.get("execution_state") == "busy":
            busy = True
        seen = item.get("last_activity")
        if seen:
            moment = parse(seen)
            latest = moment if latest is None or moment > latest else latest
    return busy, latest


def stop_app():
    with open(METADATA) as f:
        meta = json.load(f)
    region = meta["ResourceArn"].split(":")[3]
    log(f"deleting app {meta['AppType']}/{meta['ResourceName']} in space {meta['SpaceName']}")
    boto3.client("sagemaker", region_name=region).delete_app(
        DomainId=meta["DomainId"],
        SpaceName=meta["SpaceName"],
        AppType=meta["AppType"],
        AppName=meta["ResourceName"],
    )


def main():
    last_active = datetime.datetime.now(datetime.timezone.utc)
    while True:
        try:
            busy, latest = activity()
            now = datetime.datetime.now(datetime.timezone.utc)
            if busy:
                last_active = now
            elif latest is not None and latest > last_active:
                last_active = latest
            idle_for = (now - last_active).total_seconds()
            if idle_for >= IDLE_SECONDS:
                log(f"idle for {int(idle_for)}s")
                stop_app()
                return
        except Exception as error:  # keep watching: the server may still be starting
            log(f"check failed: {error}")
        time.sleep(POLL_SECONDS)


if __name__ == "__main__":
    main()
`;

/** The lifecycle script (bash) for a given idle timeout in minutes. */
export function idleShutdownScript(idleMinutes: number): string {
    return `#!/bin/bash
# Stops this JupyterLab app after ${idleMinutes} minutes without activity (ml-platform idle shutdown).
set -euo pipefail
IDLE_MINUTES=${idleMinutes}
WATCH_DIR=/var/tmp/idle-shutdown
mkdir -p "$WATCH_DIR"
cat > "$WATCH_DIR/watch.py" <<'PYTHON'
${WATCHER}PYTHON
PYTHON_BIN=/opt/conda/bin/python
if [ ! -x "$PYTHON_BIN" ]; then
    PYTHON_BIN=python3
fi
nohup "$PYTHON_BIN" "$WATCH_DIR/watch.py" "$IDLE_MINUTES" >> "$WATCH_DIR/watch.log" 2>&1 &
disown
`;
}

/** The watcher's Python source, for tests that compile it. */
export const IDLE_SHUTDOWN_WATCHER = WATCHER;
