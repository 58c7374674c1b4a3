"""`make run` and `make test` without a broker: they stop at once and say how to get one."""

import os
import subprocess
import sys

NO_BROKER = {
    **os.environ,
    "AMQP_URI": "amqp://guest:guest@127.0.0.1:1/",
    "DOCKER_HOST": "tcp://127.0.0.1:1",
}  # and no Docker to start one


def test_run_without_a_broker_fails_with_a_message_not_a_stack_trace(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "microtache.cli", "run"],
        env=NO_BROKER,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "No RabbitMQ answers at amqp://guest:guest@127.0.0.1:1/" in result.stderr
    assert "Traceback" not in result.stderr


def test_integration_tests_without_a_broker_fail_and_say_why():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "tests/test_first_slice.py::test_a1_development_settings_create_the_admin_account",
        ],
        env=NO_BROKER,
        cwd=root,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "no RabbitMQ answers there" in result.stdout
    assert "skipped" not in result.stdout
