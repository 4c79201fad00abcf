"""Drives an installed scope kernel through jupyter_client and nbclient; prints one JSON report.

usage: kernel_checks.py KERNEL_NAME STARTS OUT_JSON
Each check records its findings (or the exception it hit) so the JUnit side asserts on them.
"""
import base64
import json
import os
import statistics
import struct
import sys
import time
import traceback

import nbformat
from jupyter_client.manager import start_new_kernel
from nbclient import NotebookClient

KERNEL, STARTS, OUT = sys.argv[1], int(sys.argv[2]), sys.argv[3]
report = {}


def check(name):
    def wrap(fn):
        started = time.time()
        try:
            report[name] = fn()
        except Exception:
            report[name] = {"exception": traceback.format_exc()}
        report[name]["seconds"] = round(time.time() - started, 2)
        return fn
    return wrap


def png_size(b64):
    data = base64.b64decode(b64)
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        return None
    width, height = struct.unpack(">II", data[16:24])
    return [width, height]


def run(kc, code, timeout=60):
    """Executes code; returns (reply content, iopub messages of this request)."""
    msg_id = kc.execute(code)
    reply = None
    while reply is None:
        msg = kc.get_shell_msg(timeout=timeout)
        if msg["parent_header"].get("msg_id") == msg_id:
            reply = msg["content"]
    return reply, iopub_until_idle(kc, msg_id, timeout)


def iopub_until_idle(kc, msg_id, timeout=60):
    msgs = []
    while True:
        msg = kc.get_iopub_msg(timeout=timeout)
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
            return msgs
        msgs.append({"type": msg["msg_type"], "content": msg["content"]})


def results(msgs):
    return [m["content"]["data"] for m in msgs if m["type"] == "execute_result"]


def errors(msgs):
    return [m["content"] for m in msgs if m["type"] == "error"]


def stream(msgs, name):
    return "".join(m["content"]["text"] for m in msgs if m["type"] == "stream" and m["content"]["name"] == name)


def agent_pids(parent):
    pids = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open("/proc/%s/stat" % entry) as f:
                    fields = f.read().rsplit(")", 1)[1].split()
                if int(fields[1]) == parent:
                    pids.append(int(entry))
            except OSError:
                pass
    return pids


NOTEBOOK_CELLS = [
    "int x = 21;",
    "x * 2",
    "var img = new BufferedImage(32, 16, BufferedImage.TYPE_INT_RGB);\nimg.setRGB(0, 0, 0xFF0000);\nimg",
    "import tech.tablesaw.api.*;\nTable.create(\"t\", IntColumn.create(\"a\", 1, 2, 3), StringColumn.create(\"b\", \"x\", \"y\", \"<z>\"))",
    "var chart = new org.knowm.xchart.XYChartBuilder().width(300).height(200).title(\"squares\").build();\n"
    "chart.addSeries(\"y\", new double[]{1, 2, 3}, new double[]{1, 4, 9});\nchart",
    "Integer.parseInt(\"nope\")",
    "x + 1",
    "System.out.println(\"hello from java\");",
    "int y = undefinedName;",
    "var shown = display(\"first\");\nshown.update(\"second\");",
    "%lsmagic",
]


@check("notebook")
def notebook():
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(src) for src in NOTEBOOK_CELLS]
    NotebookClient(nb, kernel_name=KERNEL, allow_errors=True, timeout=120, startup_timeout=120).execute()
    cells = []
    for cell in nb.cells:
        outputs = []
        for out in cell.outputs:
            item = {"output_type": out.output_type}
            if out.output_type in ("execute_result", "display_data"):
                item["data"] = {k: v for k, v in out.data.items() if k != "image/png"}
                if "image/png" in out.data:
                    item["png_size"] = png_size(out.data["image/png"])
                item["metadata"] = dict(out.get("metadata", {}))
            elif out.output_type == "error":
                item.update(ename=out.ename, evalue=out.evalue, traceback=out.traceback)
            elif out.output_type == "stream":
                item.update(name=out.name, text=out.text)
            outputs.append(item)
        cells.append(outputs)
    nbformat.validate(nb)
    return {"cells": cells}


@check("session")
def session():
    found = {}
    km, kc = start_new_kernel(kernel_name=KERNEL, startup_timeout=120)
    try:
        info = kc.kernel_info(reply=True, timeout=30)["content"]
        found["language_info"] = info["language_info"]
        run(kc, "int kept = 5;")

        msg_id = kc.execute("while (true) {}")
        time.sleep(1.5)
        asked = time.time()
        km.interrupt_kernel()
        reply = None
        while reply is None:
            msg = kc.get_shell_msg(timeout=30)
            if msg["parent_header"].get("msg_id") == msg_id:
                reply = msg["content"]
        found["interrupt"] = {"status": reply["status"], "ename": reply.get("ename"),
                              "reply_seconds": round(time.time() - asked, 2),
                              "errors": errors(iopub_until_idle(kc, msg_id))}
        reply, msgs = run(kc, "kept + 1")
        found["after_interrupt"] = {"status": reply["status"], "results": results(msgs)}

        found["complete"] = kc.complete("Str", 3, reply=True, timeout=30)["content"]
        found["inspect"] = kc.inspect("Math.max(", 9, reply=True, timeout=30)["content"]
        kc.is_complete("for (int i = 0; i < 3; i++) {")
        found["is_complete_open"] = kc.get_shell_msg(timeout=30)["content"]
        kc.is_complete("int a = 1;")
        found["is_complete_done"] = kc.get_shell_msg(timeout=30)["content"]

        started = time.time()
        reply, msgs = run(kc, "for (int i = 0; i < 100_000; i++) System.out.println(\"0123456789\".repeat(10));\n\"survived\"", timeout=120)
        found["flood"] = {"status": reply["status"], "stdout_chars": len(stream(msgs, "stdout")),
                          "stderr": stream(msgs, "stderr"), "results": results(msgs),
                          "stream_messages": sum(1 for m in msgs if m["type"] == "stream"),
                          "seconds": round(time.time() - started, 2)}

        reply, msgs = run(kc, "%scope \"unterminated")
        found["malformed_magic"] = {"status": reply["status"], "errors": errors(msgs)}
        reply, msgs = run(kc, "%nosuchmagic now")
        found["unknown_magic"] = {"status": reply["status"], "errors": errors(msgs)}

        reply, msgs = run(kc, "System.exit(1);")
        found["exit"] = {"status": reply["status"], "errors": errors(msgs), "kernel_alive": km.is_alive()}
        reply, msgs = run(kc, "1 + 1")
        found["after_exit"] = {"status": reply["status"], "results": results(msgs)}

        km.restart_kernel(now=False)
        kc.wait_for_ready(timeout=120)
        reply, msgs = run(kc, "\"restarted\"")
        found["after_restart"] = {"status": reply["status"], "results": results(msgs)}

        pid = km.provisioner.process.pid
        agents_before = agent_pids(pid)
        kc.stop_channels()
        km.shutdown_kernel(now=False)
        time.sleep(0.5)
        found["shutdown"] = {"kernel_alive": km.is_alive(), "agents_before": len(agents_before),
                             "agents_left": [p for p in agents_before if os.path.exists("/proc/%d" % p)]}
    finally:
        if km.is_alive():
            km.shutdown_kernel(now=True)
    return found


@check("starts")
def starts():
    ready, first = [], []
    for _ in range(STARTS):
        began = time.time()
        km, kc = start_new_kernel(kernel_name=KERNEL, startup_timeout=120)
        try:
            ready.append(time.time() - began)
            reply, msgs = run(kc, "1 + 1", timeout=120)
            if results(msgs) != [{"text/plain": "2"}]:
                raise AssertionError("first cell gave %r" % (msgs,))
            first.append(time.time() - began)
        finally:
            kc.stop_channels()
            km.shutdown_kernel(now=False)
    return {"count": len(ready), "ready_median": round(statistics.median(ready), 3), "ready_max": round(max(ready), 3),
            "first_result_median": round(statistics.median(first), 3), "first_result_max": round(max(first), 3)}


with open(OUT, "w") as f:
    json.dump(report, f, indent=1)
