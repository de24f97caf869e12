"""bin/supervise: what `make run` and `make dev` start processes with."""

import os
import signal
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
