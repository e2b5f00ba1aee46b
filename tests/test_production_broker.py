"""The production path's broker: Airflow's own Celery app, configured as docker-compose.yml
configures it (AIRFLOW__CELERY__BROKER_URL=redis://…), carries a message on the `harvest` and
`warehouse` queues through Redis. Runs whenever Redis answers on 127.0.0.1:6379 (always in
CI, which starts it); skipped with the reason otherwise. The multi-worker run is a later issue.
"""

import os
import socket
import subprocess
import sys

import pytest

BROKER = "redis://127.0.0.1:6379/15"  # a database of its own, away from anything else

ROUND_TRIP = r"""
import json
from kombu import Exchange, Queue
from airflow.providers.celery.executors.celery_executor_utils import app

received = {}
with app.connection_for_write() as conn:
    for name in ("harvest", "warehouse"):
        queue = Queue(f"govreports-test-{name}", Exchange("govreports-test", type="direct"), routing_key=name)
        queue(conn).declare()
        conn.Producer().publish({"queue": name}, exchange=queue.exchange, routing_key=name, declare=[queue])
        message = queue(conn).get(no_ack=True)
        received[name] = message.payload if message else None
        queue(conn).delete()
print(json.dumps({"broker": app.conf.broker_url, "received": received}))
"""


def redis_unreachable_reason() -> str | None:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=2) as sock:
            sock.sendall(b"PING\r\n")
            if not sock.recv(16).startswith(b"+PONG"):
                return "something answers on 127.0.0.1:6379 but it is not Redis"
    except OSError as exc:
        return f"Redis not reachable on 127.0.0.1:6379: {exc}"
    return None


@pytest.mark.skipif(redis_unreachable_reason() is not None, reason=redis_unreachable_reason() or "")
def test_airflow_celery_app_carries_messages_through_redis():
    import json

    env = dict(os.environ, AIRFLOW__CORE__EXECUTOR="CeleryExecutor", AIRFLOW__CELERY__BROKER_URL=BROKER)
    done = subprocess.run([sys.executable, "-c", ROUND_TRIP], env=env, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["broker"] == BROKER
    assert result["received"] == {"harvest": {"queue": "harvest"}, "warehouse": {"queue": "warehouse"}}
