"""Build a wheel of durable_rules 2.0.28 with the project's patch, for the Python that runs this script.

    python3.13 scripts/build_durable_wheel.py --out wheelhouse/

durable_rules 2.0.28, the last release, is published as a source archive only, and its C extension does
not import on Python 3.13 (see ``patches/durable_rules-2.0.28-py313.patch`` for why). This script:

1. downloads that source archive from the package index with pip (``pip download --no-binary :all:``),
2. checks its sha256 against the one pinned below (a different archive is refused),
3. applies the patch (in Python: no ``patch`` program needed; a hunk that does not match exactly is refused),
4. builds a wheel with pip (a C compiler and the Python headers are needed), and writes it to ``--out``.

Put the wheel in your own package index, or install it directly
(``pip install wheelhouse/durable_rules-*.whl``) before ``pip install sharing-rules``. Exit codes: 0 built
(the wheel's path is printed), 3 something is missing or wrong (one sentence on stderr says what to do).
"""

from __future__ import annotations

import argparse
import hashlib
import os
import re
import shutil
import subprocess
import sys
import sysconfig
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

VERSION = "2.0.28"
SDIST = f"durable_rules-{VERSION}.tar.gz"
SHA256 = "053b26f5e48d312d4fa27995243f954671be6eece477f150c059c364eb4d7d61"
"""The sha256 of the registry's durable_rules-2.0.28.tar.gz (the only archive this script accepts)."""
PATCH = Path(__file__).resolve().parent.parent / "patches" / f"durable_rules-{VERSION}-py313.patch"
_HUNK = re.compile(r"^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@")


class BuildError(Exception):
    """A step failed; the message is one sentence saying what to do."""


def toolchain_problem(
    compiler: str | None = None, include: str | None = None, version: str | None = None
) -> str | None:
    """What is missing to compile a C extension for this Python (None: nothing is).

    ``compiler`` (default: ``$CC`` or Python's own compiler setting), ``include`` (default: this Python's
    header directory) and ``version`` (default: this Python's) are parameters so that the check can be
    tested without changing the machine.
    """
    version = version or f"{sys.version_info.major}.{sys.version_info.minor}"
    if compiler is None:
        configured = os.environ.get("CC") or sysconfig.get_config_var("CC") or "cc"
        compiler = configured.split()[0]
    if shutil.which(compiler) is None:
        return (
            f"durable_rules is a C extension and no C compiler ({compiler}) was found: install one"
            " (Debian/Ubuntu: apt-get install gcc; Fedora: dnf install gcc; macOS: xcode-select --install)"
            " and run this again."
        )
    include = include if include is not None else sysconfig.get_paths()["include"]
    if not (Path(include) / "Python.h").is_file():
        return (
            f"durable_rules is a C extension and the headers of Python {version} (Python.h) are missing:"
            f" install them (Debian/Ubuntu: apt-get install python{version}-dev; Fedora: dnf install"
            " python3-devel) and run this again."
        )
    return None


def sha256_of(path: Path) -> str:
    """The sha256 of a file, in hex."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def download(into: Path) -> Path:
    """Download the source archive with pip into ``into`` and check its sha256; return its path."""
    command = [sys.executable, "-m", "pip", "download", "--disable-pip-version-check", "--no-deps"]
    command += ["--no-binary", ":all:", "-d", str(into), f"durable_rules=={VERSION}"]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    archive = into / SDIST
    if done.returncode != 0 or not archive.is_file():
        tail = (done.stderr or done.stdout).strip().splitlines()[-1:] or ["no output"]
        raise BuildError(
            f"pip could not download durable_rules {VERSION} from the package index ({tail[0][:200]}):"
            " check the network or pip's index settings and run this again."
        )
    verify(archive)
    return archive


def verify(archive: Path) -> None:
    """Refuse an archive whose sha256 is not the pinned one."""
    found = sha256_of(archive)
    if found != SHA256:
        raise BuildError(
            f"{archive.name} has sha256 {found}, not the pinned {SHA256}: the archive is not the one this"
            " patch was written for; do not use it (check your package index)."
        )


@dataclass
class _Hunk:
    start: int
    old: list[str] = field(default_factory=list)
    new: list[str] = field(default_factory=list)


def _target(line: str) -> Path:
    name = line[4:].partition("\t")[0].strip()
    relative = Path(name.split("/", 1)[1] if name.startswith("b/") else name)
    if relative.is_absolute() or ".." in relative.parts or not relative.parts:
        raise BuildError(f"the patch names an unsafe path ({name[:80]}): the patch file is damaged.")
    return relative


def parse_patch(patch: str) -> dict[Path, list[_Hunk]]:
    """The hunks of a unified diff, by the file (relative path) they change."""
    changes: dict[Path, list[_Hunk]] = {}
    hunks: list[_Hunk] | None = None
    lines = patch.splitlines()
    index = 0
    while index < len(lines):
        line = lines[index]
        index += 1
        if line.startswith("+++ "):
            hunks = changes.setdefault(_target(line), [])
            continue
        match = _HUNK.match(line)
        if match is None:
            continue
        if hunks is None:
            raise BuildError("the patch has a hunk before any file name: the patch file is damaged.")
        hunk = _Hunk(int(match[1]))
        old_count, new_count = (int(n) if n is not None else 1 for n in (match[2], match[4]))
        while index < len(lines) and (len(hunk.old) < old_count or len(hunk.new) < new_count):
            body = lines[index] or " "
            index += 1
            if body[0] not in " -+\\":
                raise BuildError(f"the patch has a malformed line {index}: the patch file is damaged.")
            if body[0] in " -":
                hunk.old.append(body[1:])
            if body[0] in " +":
                hunk.new.append(body[1:])
        if (len(hunk.old), len(hunk.new)) != (old_count, new_count):
            raise BuildError("the patch ends inside a hunk: the patch file is damaged.")
        hunks.append(hunk)
    if not any(changes.values()):
        raise BuildError("the patch changes no file: the patch file is damaged.")
    return changes


def apply_patch(patch: str, root: Path) -> list[Path]:
    """Apply a unified diff to the files under ``root``, exactly (no fuzz); return the files changed.

    Every hunk's context and removed lines must match the file at the stated line, or nothing is written.
    """
    written: dict[Path, str] = {}
    for relative, hunks in parse_patch(patch).items():
        path = root / relative
        if not path.is_file():
            raise BuildError(f"the patch changes {relative}, which the archive does not have.")
        content = path.read_text(encoding="utf-8").splitlines()
        offset = 0
        for hunk in hunks:
            at = hunk.start - 1 + offset
            if content[at : at + len(hunk.old)] != hunk.old:
                raise BuildError(
                    f"the patch does not match {relative.as_posix()} at line {hunk.start}: this archive is"
                    " not the source the patch was written for."
                )
            content[at : at + len(hunk.old)] = hunk.new
            offset += len(hunk.new) - len(hunk.old)
        written[path] = "\n".join(content) + "\n"
    for path, text in written.items():
        path.write_text(text, encoding="utf-8")
    return list(written)


def build(out: Path, archive: Path | None = None) -> Path:
    """Download (or take ``archive``), check, patch and build; return the wheel written to ``out``."""
    problem = toolchain_problem()
    if problem:
        raise BuildError(problem)
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="durable-wheel-") as scratch:
        work = Path(scratch)
        if archive is None:
            archive = download(work)
        else:
            verify(archive)
        with tarfile.open(archive) as tar:
            tar.extractall(work, filter="data")
        source = work / f"durable_rules-{VERSION}"
        apply_patch(PATCH.read_text(encoding="utf-8"), source)
        wheels = work / "wheels"
        command = [sys.executable, "-m", "pip", "wheel", "--disable-pip-version-check", "-q", "--no-deps"]
        command += ["-w", str(wheels), str(source)]
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        built = sorted(wheels.glob("durable_rules-*.whl"))
        if done.returncode != 0 or len(built) != 1:
            sys.stderr.write(done.stdout[-4000:] + done.stderr[-4000:])
            raise BuildError(
                "pip could not build the patched durable_rules (its output is above): check the C compiler"
                " and the Python headers, and run this again."
            )
        destination = out / built[0].name
        shutil.copyfile(built[0], destination)
        return destination


def main(argv: list[str] | None = None) -> int:
    """Build the wheel; print its path (exit 0), or one sentence saying what to do (exit 3)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("--out", default="wheelhouse", help="the directory to write the wheel to")
    parser.add_argument("--sdist", help="use this source archive instead of downloading it (sha256 checked)")
    args = parser.parse_args(argv)
    try:
        wheel = build(Path(args.out), Path(args.sdist) if args.sdist else None)
    except BuildError as error:
        print(f"build_durable_wheel: {error}", file=sys.stderr)
        return 3
    print(wheel)
    return 0


if __name__ == "__main__":
    sys.exit(main())
