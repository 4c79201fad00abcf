"""%scope explore in a real browser: headless Chromium renders the explorer's widgets from their state with
@jupyter-widgets/html-manager, before and after the rank slider moves through the kernel (as a front end moves it);
the two screenshots and a JSON report of what changed go to OUT_DIR.

usage: /usr/bin/python3 explorer_in_browser.py KERNEL_NAME IMAGE EMBED_JS OUT_DIR
  KERNEL_NAME  an installed scope kernel (./scope install)
  IMAGE        the image to forward, e.g. fixtures/images/astronaut.png
  EMBED_JS     @jupyter-widgets/html-manager's dist/embed.js (npm install @jupyter-widgets/html-manager@1)
Needs Debian's chromium; the page is built the way a notebook saved with its widget state is.
"""
import base64
import json
import os
import subprocess
import sys
import tempfile
import time

import numpy
from PIL import Image
from jupyter_client.manager import start_new_kernel

KERNEL, IMAGE, EMBED_JS, OUT = sys.argv[1:5]
VIEW = "application/vnd.jupyter.widget-view+json"


class FrontEnd:
    """The widget models a front end keeps, built from the kernel's comm messages alone."""

    def __init__(self):
        self.models = {}

    def see(self, msg):
        kind, content = msg["msg_type"], msg["content"]
        if kind == "comm_open" and content["target_name"] == "jupyter.widget":
            self.models[content["comm_id"]] = {"state": {}, "buffers": {}}
            self.apply(content["comm_id"], content["data"], msg["buffers"])
        elif kind == "comm_msg" and content["comm_id"] in self.models \
                and content["data"].get("method") in ("update", "echo_update"):
            self.apply(content["comm_id"], content["data"], msg["buffers"])
        elif kind == "comm_close":
            self.models.pop(content["comm_id"], None)

    def apply(self, model_id, data, buffers):
        model = self.models[model_id]
        model["state"].update(data.get("state", {}))
        for path, buffer in zip(data.get("buffer_paths", []), buffers):
            model["buffers"][tuple(path)] = bytes(buffer)
            model["state"].pop(path[0], None)

    def find(self, model_name, **attributes):
        for model_id, model in self.models.items():
            state = model["state"]
            if state.get("_model_name") == model_name and all(state.get(k) == v for k, v in attributes.items()):
                return model_id
        raise LookupError("no %s with %s" % (model_name, attributes))

    def saved_state(self):
        """What a notebook saves as application/vnd.jupyter.widget-state+json."""
        state = {}
        for model_id, model in self.models.items():
            s = model["state"]
            state[model_id] = {"model_name": s["_model_name"], "model_module": s["_model_module"],
                               "model_module_version": s["_model_module_version"], "state": s,
                               "buffers": [{"path": list(p), "encoding": "base64",
                                            "data": base64.b64encode(b).decode()} for p, b in model["buffers"].items()]}
        return {"version_major": 2, "version_minor": 0, "state": state}


def run(kc, front_end, code, timeout=300):
    msg_id = kc.execute(code)
    shown = []
    while True:
        msg = kc.get_iopub_msg(timeout=timeout)
        front_end.see(msg)
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        if msg["msg_type"] == "error":
            raise RuntimeError("%s: %s" % (code, msg["content"]["evalue"]))
        if msg["msg_type"] in ("display_data", "execute_result"):
            shown.append(msg["content"]["data"])
        if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
            return shown


def send_update(kc, front_end, model_id, change, timeout=300):
    msg = kc.session.msg("comm_msg", {"comm_id": model_id,
                                      "data": {"method": "update", "state": change, "buffer_paths": []}})
    kc.shell_channel.send(msg)
    front_end.models[model_id]["state"].update(change)
    while True:
        reply = kc.get_iopub_msg(timeout=timeout)
        front_end.see(reply)
        if reply["parent_header"].get("msg_id") == msg["header"]["msg_id"] and reply["msg_type"] == "status" \
                and reply["content"]["execution_state"] == "idle":
            return


def screenshot(front_end, root, name):
    page = os.path.join(OUT, name + ".html")
    with open(page, "w") as f:
        f.write('<!DOCTYPE html><html><head><meta charset="utf-8"><script src="file://%s"></script>'
                '<script type="application/vnd.jupyter.widget-state+json">%s</script></head><body>'
                '<script type="%s">%s</script></body></html>'
                % (os.path.abspath(EMBED_JS), json.dumps(front_end.saved_state()), VIEW,
                   json.dumps({"version_major": 2, "version_minor": 0, "model_id": root})))
    png = os.path.join(OUT, name + ".png")
    with tempfile.TemporaryDirectory() as profile:
        started = time.time()
        subprocess.run(["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                        "--disable-component-update", "--disable-sync", "--user-data-dir=" + profile,
                        "--window-size=1100,1000", "--virtual-time-budget=20000", "--screenshot=" + png,
                        "file://" + page], check=True, capture_output=True, timeout=300)
    return png, round(time.time() - started, 1)


def region(png, box):
    return numpy.asarray(Image.open(png).convert("RGB"))[box[1]:box[3], box[0]:box[2]]


os.makedirs(OUT, exist_ok=True)
report = {}
km, kc = start_new_kernel(kernel_name=KERNEL, startup_timeout=180)
try:
    front_end = FrontEnd()
    run(kc, front_end, "%scope load --demo")
    run(kc, front_end, "%scope forward " + IMAGE)
    shown = run(kc, front_end, "var ex = %scope explore")
    root = next(d[VIEW]["model_id"] for d in shown if VIEW in d)
    rank = front_end.find("IntSliderModel", description="rank")
    heatmap_id = next(m for m in front_end.models if front_end.models[m]["state"].get("_model_name") == "ImageModel")
    report["models"] = len(front_end.models)
    before_png = front_end.models[heatmap_id]["buffers"][("value",)]
    first, report["first_seconds"] = screenshot(front_end, root, "explorer-rank-1")
    send_update(kc, front_end, rank, {"value": 2})
    after_png = front_end.models[heatmap_id]["buffers"][("value",)]
    report["heatmap_bytes_changed"] = before_png != after_png
    second, report["second_seconds"] = screenshot(front_end, root, "explorer-rank-2")
    a = numpy.asarray(Image.open(first).convert("RGB")).astype(int)
    b = numpy.asarray(Image.open(second).convert("RGB")).astype(int)
    differ = numpy.abs(a - b).sum(axis=2) > 0
    ys, xs = numpy.nonzero(differ)
    report["screenshot_size"] = list(a.shape[1::-1])
    report["pixels_changed"] = int(differ.sum())
    report["changed_box"] = [int(xs.min()), int(ys.min()), int(xs.max()), int(ys.max())] if len(xs) else None
    report["non_white_pixels"] = int((a.sum(axis=2) < 3 * 250).sum())
    report["screenshots"] = [first, second]
finally:
    kc.stop_channels()
    km.shutdown_kernel(now=True)
with open(os.path.join(OUT, "report.json"), "w") as f:
    json.dump(report, f, indent=1)
print(json.dumps(report, indent=1))
