"""Starts an installed kernel through jupyter_client and prints what one cell reads of the native settings.

usage: kernel_env.py KERNEL_NAME    (prints one line: OMP_WAIT_POLICY|GLIBC_TUNABLES, "null" for unset)
"""
import sys

from jupyter_client.manager import start_new_kernel

km, kc = start_new_kernel(kernel_name=sys.argv[1], startup_timeout=120)
try:
    msg_id = kc.execute('System.getenv("OMP_WAIT_POLICY") + "|" + System.getenv("GLIBC_TUNABLES")')
    while True:
        msg = kc.get_iopub_msg(timeout=120)
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        if msg["msg_type"] == "execute_result":
            print(msg["content"]["data"]["text/plain"].strip('"'))
        if msg["msg_type"] == "error":
            sys.exit("the cell failed: " + msg["content"]["evalue"])
        if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
            break
finally:
    kc.stop_channels()
    km.shutdown_kernel(now=True)
