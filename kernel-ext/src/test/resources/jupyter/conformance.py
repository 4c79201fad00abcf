"""Jupyter's own kernel conformance suite (jupyter_kernel_test) against an installed scope kernel.

usage: SCOPE_KERNEL_NAME=NAME python3 -m unittest -v conformance
Every test the suite has gets a Java sample, so none is skipped.
"""
import os
import unittest

import jupyter_kernel_test


class ScopeKernelTests(jupyter_kernel_test.KernelTests):
    kernel_name = os.environ.get("SCOPE_KERNEL_NAME", "scope")

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # The first cell waits for the agent JVM; the suite gives each reply 15 s, a loaded machine may need more.
        msg_id = cls.kc.execute("1")
        while cls.kc.get_shell_msg(timeout=180)["parent_header"].get("msg_id") != msg_id:
            pass
    language_name = "java"
    file_extension = ".java"

    code_hello_world = 'System.out.println("hello, world");'
    code_stderr = 'System.err.println("a line on stderr");'
    code_generate_error = 'throw new IllegalStateException("on purpose");'
    code_page_something = "Math.max?"
    code_inspect_sample = "Math.max("
    code_clear_output = 'System.out.println("soon gone");\nclearOutput(true);'

    completion_samples = [
        {"text": "Math.sig", "matches": {"signum("}},
        {"text": "System.currentT", "matches": {"currentTimeMillis()"}},
    ]
    complete_code_samples = ["1 + 1", "int x = 1;", "for (int i = 0; i < 3; i++) { x += i; }"]
    incomplete_code_samples = ["for (int i = 0; i < 3; i++) {", "int y = ", "String s = \"a\" +"]
    invalid_code_samples = ["}", "int x = 1;)"]

    code_execute_result = [
        {"code": "6 * 7", "result": "42"},
        {"code": '"scope".length()', "result": "5"},
        {"code": "var img = new BufferedImage(4, 2, BufferedImage.TYPE_INT_RGB);\nimg", "mime": "image/png"},
    ]
    code_display_data = [
        {"code": 'display("shown");', "mime": "text/plain"},
        {"code": "display(new BufferedImage(3, 3, BufferedImage.TYPE_INT_RGB));", "mime": "image/png"},
    ]

    code_history_pattern = "6 * ?"
    supported_history_operations = ("tail", "range", "search")


if __name__ == "__main__":
    unittest.main(verbosity=2)
