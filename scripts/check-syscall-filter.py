#!/usr/bin/env python3
"""Checks that every system call in an strace log is allowed by the unit's SystemCallFilter=,
and, with MemoryDenyWriteExecute=yes, that no mapping was made writable and executable or
made executable later (what that setting refuses).

usage: check-syscall-filter.py UNIT STRACE_LOG

The allowed set is what systemd computes for the unit: @default, plus the groups and calls of
its allow-list lines, minus those of its `~` lines, with groups expanded from
`systemd-analyze syscall-filter` on this machine. Prints the calls seen and exits 1 naming any
the filter would refuse (the unit answers them with EPERM).
"""
import re
import subprocess
import sys


def groups():
    text = subprocess.run(["systemd-analyze", "syscall-filter"], capture_output=True, text=True, check=True).stdout
    found, current = {}, None
    for line in text.splitlines():
        if line.startswith("@"):
            current = found.setdefault(line.strip(), [])
        elif current is not None and line.strip() and not line.strip().startswith("#"):
            current.append(line.strip())
    return found


def expand(names, table):
    calls = set()
    for name in names:
        if name.startswith("@"):
            calls |= expand(table.get(name, []), table)
        else:
            calls.add(name)
    return calls


def main():
    unit, log = sys.argv[1], sys.argv[2]
    table = groups()
    allowed = expand(["@default"], table)
    for line in open(unit):
        match = re.match(r"SystemCallFilter=(~?)(.*)", line.strip())
        if not match:
            continue
        names = expand(match.group(2).split(), table)
        allowed = allowed - names if match.group(1) else allowed | names
    deny_write_execute = any(line.strip() == "MemoryDenyWriteExecute=yes" for line in open(unit))
    seen, write_execute = set(), []
    lines = open(log).read().splitlines()
    # Only what the server does: from its execve on (setpriv changing the user comes before).
    starts = [i for i, line in enumerate(lines) if re.search(r'execve\("[^"]*/driftstatus"', line)]
    for line in lines[starts[-1] if starts else 0:]:
        # "1234  epoll_wait(...", "1234  <... read resumed>...", "+++ exited", "--- SIGTERM"
        match = re.match(r"(?:\d+\s+)?([a-z_0-9]+)\(", line)
        if match:
            seen.add(match.group(1))
            if "PROT_EXEC" in line and (match.group(1) in ("mprotect", "pkey_mprotect") or "PROT_WRITE" in line):
                write_execute.append(line)
    refused = sorted(seen - allowed)
    print(f"{len(seen)} system calls seen: {' '.join(sorted(seen))}")
    if refused:
        print(f"refused by the unit's SystemCallFilter=: {' '.join(refused)}")
    if deny_write_execute and write_execute:
        print(f"refused by MemoryDenyWriteExecute=: {write_execute[0]}")
    return 1 if refused or (deny_write_execute and write_execute) else 0


sys.exit(main())
