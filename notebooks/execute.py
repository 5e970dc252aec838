#!/usr/bin/python3
"""Executes one notebook with nbclient and writes it with its outputs, errors included (check.py judges them).

    notebooks/execute.py IN.ipynb OUT.ipynb [kernel_name]

Why not plain `jupyter nbconvert --execute`: rapaio-jupyter-kernel 3.0.1 binds its sockets before it registers its
message handlers, and a kernel_info_request that arrives in between kills its shell thread (NullPointerException in
Channels.getHandler): the kernel then never answers. Jupyter's client connects at once and its first request
waits in ZeroMQ's queue until the kernel binds, so it lands right in that window; on this machine about one start
in two was lost. Here the client connects only once every port of the kernel is listening (read from
/proc/net/tcp), and a second later, so that the kernel has registered its handlers. That made the NullPointerException
go away, but a kernel still ignored its shell channel on 2 of 9 starts (no request ever handled), so a
kernel that has not answered 30 s after opening its ports is given up (run.sh starts another). Standard
library and Debian's python3-nbclient only.
"""
import asyncio
import inspect
import os
import sys
import time

import nbformat
from nbclient import NotebookClient

CELL_TIMEOUT = 600  # seconds per cell
ANSWER_TIMEOUT = 30  # seconds for a kernel whose ports are open to answer its first request (it takes about 1)
STARTUP_TIMEOUT = 300  # seconds for the kernel's JVM to start and answer on a loaded machine


def listening_ports():
    ports = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            with open(table) as f:
                next(f)
                for line in f:
                    fields = line.split()
                    if fields[3] == "0A":  # TCP_LISTEN
                        ports.add(int(fields[1].rsplit(":", 1)[1], 16))
        except OSError:
            pass
    return ports


class PatientClient(NotebookClient):
    async def async_start_new_kernel_client(self):
        info = self.km.get_connection_info()
        wanted = {info[k] for k in ("shell_port", "iopub_port", "stdin_port", "control_port", "hb_port")}
        deadline = time.monotonic() + self.startup_timeout
        if os.path.isdir("/proc/net"):
            while not wanted <= listening_ports():
                alive = self.km.is_alive()
                if inspect.isawaitable(alive):
                    alive = await alive
                if not alive:
                    raise RuntimeError("the kernel exited before it opened its ports")
                if time.monotonic() > deadline:
                    raise RuntimeError(f"Kernel didn't respond in {self.startup_timeout} seconds (ports not open)")
                await asyncio.sleep(0.2)
            await asyncio.sleep(1.0)
            # Its ports open, a kernel answers in seconds even on a loaded machine; one that has not answered in
            # 30 s lost its first request and never will (run.sh then starts a new one).
            self.startup_timeout = min(self.startup_timeout, ANSWER_TIMEOUT)
        return await super().async_start_new_kernel_client()


def coalesce_streams(nb):
    """Joins a cell's consecutive stdout (or stderr) pieces into one output, as Jupyter shows them: the kernel
    sends every print as its own message."""
    for cell in nb.cells:
        merged = []
        for out in cell.get("outputs", []):
            if (out.get("output_type") == "stream" and merged and merged[-1].get("output_type") == "stream"
                    and merged[-1].get("name") == out.get("name")):
                merged[-1]["text"] += out["text"]
            else:
                merged.append(out)
        if "outputs" in cell:
            cell["outputs"] = merged


def main(argv):
    if len(argv) < 3:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    src, dst = argv[1], argv[2]
    kernel = argv[3] if len(argv) > 3 else "java"
    nb = nbformat.read(src, as_version=4)
    client = PatientClient(nb, timeout=CELL_TIMEOUT, startup_timeout=STARTUP_TIMEOUT, kernel_name=kernel,
                           allow_errors=True, resources={"metadata": {"path": os.path.dirname(os.path.abspath(src))}})
    try:
        client.execute()
    finally:
        coalesce_streams(nb)
        # written even when the kernel died, so that the cells that ran can be read
        nbformat.write(nb, dst)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
