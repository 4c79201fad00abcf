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

import socket

import nbformat
import zmq
from jupyter_client import BlockingKernelClient
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


def run(kc, code, timeout=60, **options):
    """Executes code; returns (reply content, iopub messages of this request)."""
    msg_id = kc.execute(code, **options)
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


@check("hostile")
def hostile():
    """A client with the wrong key, garbage on every socket, an unknown message type: the kernel serves on."""
    found = {}
    km, kc = start_new_kernel(kernel_name=KERNEL, startup_timeout=120)
    marker = os.path.join(os.path.dirname(OUT), "hostile-ran")
    try:
        run(kc, "1", timeout=120)
        info = km.get_connection_info()
        bad = BlockingKernelClient()
        bad.load_connection_info(info)
        bad.session.key = b"not-the-key"
        bad.start_channels()
        code = 'java.nio.file.Files.writeString(java.nio.file.Path.of("%s"), "ran");' % marker
        bad.execute(code)
        bad.control_channel.send(bad.session.msg("execute_request", {"code": code, "silent": False}))
        bad.control_channel.send(bad.session.msg("shutdown_request", {"restart": False}))
        ctx = zmq.Context.instance()
        garbage = [[b"garbage"], [b"<IDS|MSG>"], [b"<IDS|MSG>", b"sig", b"{", b"{}", b"{}", b"{}"],
                   [b"id", b"<IDS|MSG>", b"", b"[" * 100000, b"{}", b"{}", b"{}"], [b"\xff" * 70000] * 3]
        for name in ("shell_port", "control_port", "stdin_port"):
            dealer = ctx.socket(zmq.DEALER)
            dealer.linger = 0
            dealer.connect("tcp://%s:%d" % (info["ip"], info[name]))
            for frames in garbage:
                dealer.send_multipart(frames)
            dealer.close()
        req = ctx.socket(zmq.REQ)
        req.linger = 0
        req.connect("tcp://%s:%d" % (info["ip"], info["hb_port"]))
        req.send_multipart([b"garbage", b"more"])
        req.close()
        for name in ("shell_port", "control_port", "stdin_port", "hb_port", "iopub_port"):
            raw = socket.create_connection((info["ip"], info[name]), timeout=5)
            raw.sendall(os.urandom(4096))
            raw.close()
        unknown = kc.session.msg("no_such_request", {})
        kc.shell_channel.send(unknown)
        kc.control_channel.send(kc.session.msg("no_such_request", {}))
        time.sleep(1.0)
        started = time.time()
        reply, msgs = run(kc, "1 + 1")
        found["next_cell"] = {"status": reply["status"], "results": results(msgs),
                              "seconds": round(time.time() - started, 2)}
        bad.stop_channels()
        found["bad_client_ran"] = os.path.exists(marker)
        found["kernel_alive"] = km.is_alive()
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
    return found


@check("stdin")
def stdin():
    """input_request answered by this client; with allow_stdin false, one line of error."""
    found = {}
    km, kc = start_new_kernel(kernel_name=KERNEL, startup_timeout=120)
    try:
        run(kc, "1", timeout=120)
        for key, code, answer in (("scanner", "new Scanner(System.in).nextLine().length()", "hello"),
                                  ("read_line", 'readLine("Your name? ") + "!"', "Ada")):
            msg_id = kc.execute(code, allow_stdin=True)
            request = kc.get_stdin_msg(timeout=60)
            kc.input(answer)
            reply = None
            while reply is None:
                msg = kc.get_shell_msg(timeout=60)
                if msg["parent_header"].get("msg_id") == msg_id:
                    reply = msg["content"]
            found[key] = {"prompt": request["content"]["prompt"], "password": request["content"]["password"],
                          "request_parent": request["parent_header"].get("msg_id") == msg_id,
                          "status": reply["status"], "results": results(iopub_until_idle(kc, msg_id))}
        reply, msgs = run(kc, "new Scanner(System.in).nextLine()", allow_stdin=False)
        found["not_allowed"] = {"status": reply["status"], "errors": errors(msgs)}
        reply, msgs = run(kc, 'readLine("x? ")', allow_stdin=False)
        found["read_line_not_allowed"] = {"status": reply["status"], "errors": errors(msgs)}
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
    return found


def comm_send(kc, msg_type, content):
    msg = kc.session.msg(msg_type, content)
    kc.shell_channel.send(msg)
    return msg["header"]["msg_id"]


@check("comms")
def comms():
    """A widget through jupyter_client: opened by a cell, synced both ways, a Java listener firing, closed."""
    found = {}
    km, kc = start_new_kernel(kernel_name=KERNEL, startup_timeout=120)
    try:
        run(kc, "1", timeout=120)
        reply, msgs = run(kc, "var slider = new dev.scope.kernel.ext.widgets.IntSlider().max(10).description(\"latent\");\n"
                              "slider.onChange(v -> System.out.println(\"java saw \" + v));\nslider")
        opens = [m["content"] for m in msgs if m["type"] == "comm_open"]
        found["opened"] = [{"target": o["target_name"], "model": o["data"]["state"].get("_model_name")} for o in opens]
        slider = next(o for o in opens if o["data"]["state"].get("_model_name") == "IntSliderModel")
        found["slider_state"] = {k: slider["data"]["state"].get(k) for k in ("value", "max", "description", "_view_name")}
        found["shown"] = results(msgs)
        comm_id = slider["comm_id"]
        info = kc.comm_info(target_name="jupyter.widget")
        found["comm_info"] = sorted(kc.get_shell_msg(timeout=30)["content"]["comms"].keys()).count(comm_id)
        msg_id = comm_send(kc, "comm_msg", {"comm_id": comm_id,
                                            "data": {"method": "update", "state": {"value": 7}, "buffer_paths": []}})
        found["listener_output"] = stream(iopub_until_idle(kc, msg_id), "stdout")
        reply, msgs = run(kc, "slider.value()")
        found["java_value"] = results(msgs)
        reply, msgs = run(kc, "slider.value(3);")
        found["kernel_update"] = [m["content"]["data"] for m in msgs if m["type"] == "comm_msg"]
        found["kernel_update_output"] = stream(msgs, "stdout")
        msg_id = comm_send(kc, "comm_close", {"comm_id": comm_id, "data": {}})
        iopub_until_idle(kc, msg_id)
        kc.comm_info(target_name="jupyter.widget")
        found["after_close"] = comm_id in kc.get_shell_msg(timeout=30)["content"]["comms"]
        reply, msgs = run(kc, "slider.isOpen()")
        found["java_sees_close"] = results(msgs)
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
    return found


def peak_rss_mb(pid):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024)
    return None


@check("forged_frames")
def forged_frames():
    """A cell prints the old frame marker, then floods stdout, then exits: the next cells run and show output."""
    found = {}
    km, kc = start_new_kernel(kernel_name=KERNEL, startup_timeout=120)
    megabytes = int(os.environ.get("SCOPE_FLOOD_MB", "8"))
    try:
        run(kc, "1", timeout=120)
        started = time.time()
        reply, msgs = run(kc, 'System.out.print("\\u001Escope:{\\"kind\\":\\"reply\\"");\n'
                              "byte[] mb = new byte[1 << 20];\nArrays.fill(mb, (byte) 'x');\n"
                              "for (int i = 0; i < %d; i++) System.out.write(mb, 0, mb.length);\n"
                              "System.out.flush();\nSystem.exit(3);" % megabytes, timeout=900)
        found["flood"] = {"megabytes": megabytes, "status": reply["status"], "ename": reply.get("ename"),
                          "stdout_chars": len(stream(msgs, "stdout")), "stdout_start": stream(msgs, "stdout")[:8],
                          "seconds": round(time.time() - started, 1)}
        started = time.time()
        reply, msgs = run(kc, 'System.out.println("after");\ndisplay("shown");\n1 + 2')
        found["next_cell"] = {"status": reply["status"], "stdout": stream(msgs, "stdout"), "results": results(msgs),
                              "displays": [m["content"]["data"] for m in msgs if m["type"] == "display_data"],
                              "seconds": round(time.time() - started, 2)}
        found["kernel_alive"] = km.is_alive()
        found["kernel_peak_rss_mb"] = peak_rss_mb(km.provisioner.process.pid)
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
    return found


@check("control_replies")
def control_replies():
    """interrupt and shutdown replies on the control channel, validated against the message specification."""
    from jupyter_kernel_test.msgspec_v5 import validate_message
    found = {}
    km, kc = start_new_kernel(kernel_name=KERNEL, startup_timeout=120)
    try:
        for kind, content in (("interrupt_request", {}), ("shutdown_request", {"restart": True})):
            msg = kc.session.msg(kind, content)
            kc.control_channel.send(msg)
            reply = kc.get_control_msg(timeout=60)
            validate_message(reply, kind.replace("_request", "_reply"), msg["header"]["msg_id"])
            found[kind] = reply["content"]
        deadline = time.time() + 30
        while km.is_alive() and time.time() < deadline:
            time.sleep(0.2)
        found["exited_after_shutdown"] = not km.is_alive()
    finally:
        kc.stop_channels()
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
