"""The lock files (`make lock`) keep up with requirements*.txt: every pin there is in its
lock at the same version, every locked package carries hashes, and the tests' lock installs
the runtime's versions (issue 20). A pin changed without `make lock` fails here, offline."""

import os
import re

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LOCKS = {
    "requirements.txt": "requirements.lock",
    "requirements-dev.txt": "requirements-dev.lock",
    "requirements-fuzz.txt": "requirements-fuzz.lock",
    "requirements-deploy.txt": "requirements-deploy.lock",
}


def name(text):
    """PEP 503's normal form, extras dropped."""
    return re.sub(r"[-_.]+", "-", text.split("[")[0]).lower()


def pins(requirements):
    """{name: version or None (not pinned with ==)}, following -r."""
    found = {}
    with open(os.path.join(ROOT, requirements)) as f:
        for line in f:
            line = line.split("#")[0].strip()
            if line.startswith("-r "):
                found.update(pins(line[3:].strip()))
            elif line:
                spec = re.match(r"^([A-Za-z0-9_.\-\[\],]+)\s*(==\s*([^\s;]+))?", line)
                assert spec, f"{requirements}: {line!r}"
                found[name(spec.group(1))] = spec.group(3)
    return found


def locked(lock):
    """{name: (version, number of hashes)}"""
    with open(os.path.join(ROOT, lock)) as f:
        text = f.read()
    found = {}
    for entry in re.split(r"\n(?=[A-Za-z0-9])", text):
        head = re.match(r"^([A-Za-z0-9_.\-\[\]]+)==(\S+)", entry)
        if head:
            found[name(head.group(1))] = (head.group(2), entry.count("--hash=sha256:"))
    return found


@pytest.mark.parametrize("requirements", list(LOCKS))
def test_every_pin_is_locked_at_its_version_with_hashes(requirements):
    lock = locked(LOCKS[requirements])
    stale = {
        package: (version, lock.get(package, ("missing", 0))[0])
        for package, version in pins(requirements).items()
        if package not in lock or (version is not None and lock[package][0] != version)
    }
    assert not stale, f"{requirements} and {LOCKS[requirements]} differ {stale}: run `make lock`"
    assert all(hashes for _, hashes in lock.values()), LOCKS[requirements]


def test_the_runtime_is_pinned_and_the_tests_lock_has_its_versions():
    runtime = pins("requirements.txt")
    assert [p for p, version in runtime.items() if version is None] == []
    dev = locked("requirements-dev.lock")
    assert {p: v for p, (v, _) in locked("requirements.lock").items()} == {
        p: dev[p][0] for p in locked("requirements.lock")
    }
