"""Executes a notebook with nbclient through an installed kernelspec, keeping going after errors.

usage: run_notebook.py IN.ipynb OUT.ipynb KERNEL_NAME
"""
import sys

import nbformat
from nbclient import NotebookClient

notebook = nbformat.read(sys.argv[1], as_version=4)
client = NotebookClient(notebook, kernel_name=sys.argv[3], timeout=600, startup_timeout=180, allow_errors=True)
client.execute()
nbformat.write(notebook, sys.argv[2])
