"""Run mypy --strict and pyright (strict) on the user scripts against an installed openai_compat.

    python check_types.py --python VENV/bin/python --mypy MYPY --pyright PYRIGHT DIR

DIR holds ``user_types.py`` (must type-check cleanly: its ``assert_type`` calls are the claims) and
``user_mistakes.py`` (each line marked ``# expect-error: <what>`` must get an error from each
checker, and no other line may). Both checkers see only the interpreter given by ``--python``: its
site-packages is where the package comes from. Prints what each checker reported against what was
expected, naming every expected error that was not reported; exits 1 on any difference.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Dict, List, Tuple

FILES = ("user_types.py", "user_mistakes.py")
_MARKER = re.compile(r"#\s*expect-error:\s*([\w-]+)")
_MYPY_LINE = re.compile(r"^(?P<file>[^:\n]+):(?P<line>\d+): error: (?P<message>.*)$")
# A diagnostic: (file name, 1-based line) -> messages.
Diagnostics = Dict[Tuple[str, int], List[str]]


def expected_errors(directory: Path) -> Dict[Tuple[str, int], str]:
    """(file, line) -> the label of each ``# expect-error:`` marker."""
    expected = {}
    for name in FILES:
        for number, text in enumerate((directory / name).read_text().splitlines(), start=1):
            found = _MARKER.search(text)
            if found:
                expected[(name, number)] = found.group(1)
    return expected


def run_mypy(mypy: str, python: str, directory: Path) -> Diagnostics:
    # Our own config file, so no mypy.ini or setup.cfg of the machine or a checkout is read.
    (directory / "mypy.ini").write_text("[mypy]\nstrict = True\nwarn_unreachable = True\n")
    command = [
        mypy, "--config-file", "mypy.ini", "--python-executable", python,
        "--no-error-summary", "--show-error-codes", "--hide-error-context", "--no-color-output", *FILES,
    ]  # fmt: skip
    done = subprocess.run(command, cwd=directory, capture_output=True, text=True, check=False)
    if done.returncode not in (0, 1) or done.stderr.strip():
        raise SystemExit(f"mypy did not run (exit {done.returncode}):\n{done.stdout}{done.stderr}")
    found: Diagnostics = {}
    for text in done.stdout.splitlines():
        match = _MYPY_LINE.match(text)
        if match:
            key = (Path(match["file"]).name, int(match["line"]))
            found.setdefault(key, []).append(match["message"])
    return found


def run_pyright(pyright: str, python: str, directory: Path) -> Diagnostics:
    # Strict mode: an ``Unknown`` type leaking from the package into user code is an error too.
    (directory / "pyrightconfig.json").write_text(json.dumps({"typeCheckingMode": "strict"}))
    command = [pyright, "--outputjson", "--pythonpath", python, *FILES]
    done = subprocess.run(command, cwd=directory, capture_output=True, text=True, check=False)
    try:
        report = json.loads(done.stdout)
    except ValueError:
        raise SystemExit(f"pyright did not run (exit {done.returncode}):\n{done.stdout}{done.stderr}") from None
    found: Diagnostics = {}
    for diagnostic in report.get("generalDiagnostics", []):
        if diagnostic["severity"] in ("error", "warning"):
            key = (Path(diagnostic["file"]).name, diagnostic["range"]["start"]["line"] + 1)
            message = diagnostic["message"].splitlines()[0]
            found.setdefault(key, []).append(f"{message} ({diagnostic.get('rule', diagnostic['severity'])})")
    return found


def compare(checker: str, found: Diagnostics, expected: Dict[Tuple[str, int], str], directory: Path) -> List[str]:
    """Print the outcome for one checker and return its failures, one line each."""
    failures = []
    for (name, line), label in sorted(expected.items()):
        if (name, line) not in found:
            source = (directory / name).read_text().splitlines()[line - 1].split("#")[0].strip()
            failures.append(f"{checker} did not report the expected error '{label}' at {name}:{line}: {source}")
    for (name, line), messages in sorted(found.items()):
        if (name, line) not in expected:
            failures.extend(f"{checker} reported an unexpected error at {name}:{line}: {text}" for text in messages)
    caught = [key for key in sorted(expected) if key in found]
    print(f"{checker}: {len(caught)} of {len(expected)} expected errors reported in user_mistakes.py", end="")
    print(", user_types.py clean" if not any(name == "user_types.py" for name, _ in found) else "")
    for key in caught:
        # The most telling message first: strict pyright's "type is unknown" follow-ups go last.
        message = min(found[key], key=lambda text: "is unknown" in text)
        print(f"  {expected[key]} ({key[0]}:{key[1]}): {message}")
    return failures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--python", required=True, help="interpreter whose site-packages has openai_compat")
    parser.add_argument("--mypy", required=True)
    parser.add_argument("--pyright", required=True)
    parser.add_argument("directory", type=Path)
    args = parser.parse_args()
    # The checkers run in DIRECTORY: a relative path given here must still find them.
    tools = (args.python, args.mypy, args.pyright)
    python, mypy, pyright = (os.path.abspath(path) if os.sep in path else path for path in tools)
    directory = args.directory.resolve()
    expected = expected_errors(directory)
    failures = compare("mypy", run_mypy(mypy, python, directory), expected, directory)
    failures += compare("pyright", run_pyright(pyright, python, directory), expected, directory)
    for failure in failures:
        print(f"FAIL: {failure}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
