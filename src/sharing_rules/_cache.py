"""A cache of derived knowledge in the user's cache directory, checked before it is believed.

Where: ``$SHARING_RULES_CACHE_DIR`` if set, else ``$XDG_CACHE_HOME/sharing-rules``, else
``~/.cache/sharing-rules``. ``SHARING_RULES_NO_CACHE=1`` turns the cache off (nothing is read or written).

What: JSON documents (never pickle: reading one runs no code), each stored under a name with a key. The
key of derived knowledge (:func:`knowledge_key`) hashes the package version, the package's own source
files (so an edited checkout never reads what older code wrote) and every byte of the rules directory and
its amendments. A document is used only when all of this holds, and is otherwise ignored (and rewritten
by whoever derives the knowledge afresh):

- the cache directory is a real directory owned by the current user, with no access for others (0700);
- the file is a regular file (not a link, a FIFO, a device or a directory: it is opened without following
  a link and without waiting for a writer, then checked) owned by the current user, readable by nobody
  else (0600), of at most 64 MiB;
- its header names this format and exactly the expected key, and the sha256 and length of the body
  match (a truncated, corrupt or stale file is not trusted);
- the body is valid JSON, nested at most a few levels deep (checked before it is parsed).

Anything else at an entry's name is ignored and replaced by the next write (an empty directory included).

Trust model: the cache is trusted as much as the user's own files and no more. Another local user cannot
plant or alter an entry (the ownership and permission checks refuse it, and files are written 0600 in a
0700 directory). Someone who can write files as this user can also change the installed package itself:
the cache does not defend against that. On systems without POSIX ownership (Windows) only the header
checks apply, and the directory is the user's own profile directory.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat

from sharing_rules._package import __version__, source_digest

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (the quick path avoids it)
if TYPE_CHECKING:
    from collections.abc import Sequence

    Location = str | os.PathLike[str]

FORMAT = "sharing-rules-cache/1"
_MAX_BYTES = 64 * 1024 * 1024
_MAX_DEPTH = 8
"""The deepest nesting of an entry the cache writes is 4: anything deeper is no entry of ours."""
_POSIX = hasattr(os, "geteuid")
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
"""No link followed, and a FIFO opened without waiting for a writer (it is refused after ``fstat``)."""


def directory() -> str | None:
    """The cache directory, or None when the cache is turned off."""
    if os.environ.get("SHARING_RULES_NO_CACHE", "") not in {"", "0"}:
        return None
    chosen = os.environ.get("SHARING_RULES_CACHE_DIR")
    if chosen:
        return chosen
    base = os.environ.get("XDG_CACHE_HOME") or ""
    if not os.path.isabs(base):
        base = os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "sharing-rules")


def _files(root: str) -> list[tuple[str, str]]:
    """Every file under ``root``: (its path relative to root, with /), its path), in a fixed order."""
    found = []
    for folder, subfolders, names in os.walk(root):
        subfolders.sort()
        for name in names:
            path = os.path.join(folder, name)
            if os.path.isfile(path):
                found.append((os.path.relpath(path, root).replace(os.sep, "/"), path))
    return sorted(found)


def knowledge_key(rules: Location, amendments: Sequence[Location] = ()) -> str:
    """The key of knowledge derived from ``rules`` and ``amendments`` by this package's code."""
    digest = hashlib.sha256(f"{FORMAT}\0{__version__}\0{source_digest()}\0".encode())
    for index, root in enumerate((rules, *amendments)):
        digest.update(f"\0directory {index}\0".encode())
        for relative, path in _files(os.fspath(root)):
            with open(path, "rb") as file:
                digest.update(relative.encode() + b"\0" + hashlib.sha256(file.read()).digest())
    return digest.hexdigest()


def entry_name(kind: str, rules: Location, amendments: Sequence[Location] = ()) -> str:
    """A file name for one kind of entry about one rules directory (with its amendments)."""
    where = "\0".join(os.path.realpath(p) for p in (rules, *amendments))
    return f"{kind}-{hashlib.sha256(where.encode()).hexdigest()[:24]}.json"


def _private(status: os.stat_result, *, is_dir: bool) -> bool:
    kind_ok = stat.S_ISDIR(status.st_mode) if is_dir else stat.S_ISREG(status.st_mode)
    if not kind_ok:
        return False
    if not _POSIX:
        return True
    return status.st_uid == os.geteuid() and status.st_mode & 0o077 == 0


def _open_private(path: str) -> bytes | None:
    """The bytes of ``path`` if it is a private regular file of this user (see the module docstring)."""
    descriptor = os.open(path, _OPEN_FLAGS)
    try:
        status = os.fstat(descriptor)
        if not _private(status, is_dir=False) or status.st_size > _MAX_BYTES:
            return None
        chunks = []
        left = status.st_size + 1  # one byte more than it had: a file that grew meanwhile is refused
        while left > 0:
            chunk = os.read(descriptor, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        return None if left <= 0 else b"".join(chunks)
    finally:
        os.close(descriptor)


def read(name: str, key: str) -> object | None:
    """The document stored under ``name`` with exactly ``key``; None if absent or not to be trusted."""
    folder = directory()
    try:
        if folder is None or not _private(os.lstat(folder), is_dir=True):
            return None
        data = _open_private(os.path.join(folder, name))
        if data is None:
            return None
        header, _, body = data.partition(b"\n")
        fields = header.decode("ascii").split(" ")
        trusted = (
            len(fields) == 4
            and fields[:2] == [FORMAT, key]
            and fields[3] == str(len(body))
            and fields[2] == hashlib.sha256(body).hexdigest()
        )
        document: object = _json(body) if trusted else None
    except (OSError, ValueError, RecursionError):
        return None
    return document


def _json(body: bytes) -> object:
    """The JSON of an entry, if it is nested no deeper than any entry the cache writes (else ValueError)."""
    from sharing_rules._json_input import read_json  # noqa: PLC0415  # only once an entry is trusted

    return read_json(body, _MAX_DEPTH)  # UnreadableInputError is a ValueError


def _status(path: str) -> int:
    """The mode of ``path`` itself (a link is not followed), or 0 if there is nothing there."""
    try:
        return os.lstat(path).st_mode
    except FileNotFoundError:
        return 0


def write(name: str, key: str, document: object) -> bool:
    """Store ``document`` (JSON-able) under ``name`` and ``key``, atomically; False if it cannot be."""
    folder = directory()
    if folder is None:
        return False
    import tempfile  # noqa: PLC0415  # only when writing: the quick path never pays for it

    try:
        os.makedirs(folder, mode=0o700, exist_ok=True)
        if not _private(os.lstat(folder), is_dir=True):
            return False
        body = json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode()
        header = f"{FORMAT} {key} {hashlib.sha256(body).hexdigest()} {len(body)}\n".encode("ascii")
        descriptor, temporary = tempfile.mkstemp(dir=folder, prefix=".writing-")  # created 0600
        try:
            with os.fdopen(descriptor, "wb") as file:
                file.write(header + body)
            target = os.path.join(folder, name)
            if stat.S_ISDIR(_status(target)):
                os.rmdir(target)  # an empty directory in an entry's place; any other stays, and refuses
            os.replace(temporary, target)
        except BaseException:
            os.unlink(temporary)
            raise
    except (OSError, TypeError, ValueError):
        return False
    return True
