"""scripts/find_python310.sh finds Python 3.10 for the Rasa runtime, or says what to install."""

import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "find_python310.sh"


def run(env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(["/bin/bash", str(SCRIPT)], env=env, capture_output=True, text=True)


def test_finds_a_python310_and_setting_wins(tmp_path):
    found = run({"PATH": "/usr/bin:/bin", "HOME": str(Path.home())})
    assert found.returncode == 0, found.stderr
    python = found.stdout.strip()
    version = subprocess.run([python, "--version"], capture_output=True, text=True).stdout
    assert version.startswith("Python 3.10")
    result = run({"PYTHON310": python, "PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "PYENV_ROOT": str(tmp_path)})
    assert result.returncode == 0 and result.stdout.strip() == python


def test_wrong_version_in_setting_is_skipped(tmp_path):
    result = run({"PYTHON310": sys.executable, "PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "PYENV_ROOT": str(tmp_path)})
    if result.returncode == 0:  # a system python3.10 on /usr/bin may exist on other machines
        assert result.stdout.strip() != sys.executable
    else:
        assert "Python 3.10 not found" in result.stderr and "PYTHON310" in result.stderr


def test_missing_python_gives_clear_message(tmp_path):
    result = run({"PYTHON310": "/nonexistent/python", "PATH": str(tmp_path), "HOME": str(tmp_path), "PYENV_ROOT": str(tmp_path)})
    assert result.returncode == 1
    assert "pyenv install 3.10" in result.stderr
