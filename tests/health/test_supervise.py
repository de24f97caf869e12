"""bin/supervise: what `make run` and `make dev` start processes with."""

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

SUPERVISE = Path(__file__).resolve().parents[2] / "bin" / "supervise"


def test_a_process_that_dies_is_restarted_and_ctrl_c_stops_everything(tmp_path):
    procfile = tmp_path / "Procfile"
    marker = tmp_path / "steady.pid"
    procfile.write_text(f"flaky: echo up; exit 3\nsteady: echo $$ > {marker}; exec sleep 60\n")
    supervisor = subprocess.Popen(
        [sys.executable, str(SUPERVISE), str(procfile)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "SUPERVISE_BACKOFF": "0.1"},
    )
    time.sleep(2)
    supervisor.send_signal(signal.SIGINT)
    output, _ = supervisor.communicate(timeout=15)
    assert supervisor.returncode == 0
    assert output.count("flaky   |\x1b[0m up") >= 3  # died and came back, again and again
    assert "exited with code 3; restarting" in output
    steady = int(marker.read_text())
    time.sleep(0.2)
    assert (
        not Path(f"/proc/{steady}").exists()
        or "zombie" in Path(f"/proc/{steady}/status").read_text()
    )


def test_the_banner_is_printed_once_the_web_answers_after_the_processes_had_their_say(tmp_path):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    procfile = tmp_path / "Procfile"
    procfile.write_text(
        f"web: {sys.executable} -m http.server {port} --bind 127.0.0.1\n"
        "chatty: for i in 1 2 3; do echo worker line $i; sleep 0.4; done; exec sleep 60\n"
    )
    supervisor = subprocess.Popen(
        [
            sys.executable,
            str(SUPERVISE),
            str(procfile),
            "--when-up",
            f"http://127.0.0.1:{port}/",
            "--then",
            "echo '  Log in as one of: recruiter, manager'",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    deadline = time.monotonic() + 20
    output = ""
    while time.monotonic() < deadline and "Log in as one of" not in output:
        output += supervisor.stdout.readline()
    supervisor.send_signal(signal.SIGINT)
    output += supervisor.communicate(timeout=15)[0]
    banner = output.index("Log in as one of")
    assert output.index("worker line 3") < banner
    assert output.count("Log in as one of") == 1
