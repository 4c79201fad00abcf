package dev.scope.kernel;

import com.google.gson.Gson;
import dev.scope.kernel.install.Installer;
import dev.scope.kernel.session.Classpath;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The kernel as Jupyter runs it: a kernelspec in a temporary JUPYTER_PATH, driven by
 * jupyter_client and nbclient from kernel_checks.py, whose JSON report the tests check.
 */
class JupyterKernelTest {

    private static final int STARTS = Integer.parseInt(System.getenv().getOrDefault("SCOPE_KERNEL_STARTS", "20"));
    private static Path dir;
    private static Map<String, Object> report;

    @BeforeAll
    static void driveTheKernel() throws Exception {
        JupyterRequirement.require("jupyter_client, nbclient, nbformat, zmq, jupyter_kernel_test",
                "python3-jupyter-kernel-test (and the packages .ci/run lists)");
        dir = Files.createTempDirectory("scope-jupyter-test");
        Installer.writeKernelSpec(dir.resolve("kernels"), "scope-test", "Java (scope test)", Classpath.current());
        Path script = dir.resolve("kernel_checks.py");
        try (InputStream in = JupyterKernelTest.class.getResourceAsStream("/jupyter/kernel_checks.py")) {
            Files.copy(in, script);
        }
        Path out = dir.resolve("report.json");
        Path log = dir.resolve("driver.log");
        ProcessBuilder pb = new ProcessBuilder(JupyterRequirement.PYTHON, script.toString(), "scope-test",
                String.valueOf(STARTS), out.toString()).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("JUPYTER_PATH", dir.toString());
        pb.environment().put("JUPYTER_RUNTIME_DIR", dir.resolve("runtime").toString());
        pb.environment().put("PYDEVD_DISABLE_FILE_VALIDATION", "1");
        Process driver = pb.start();
        if (!driver.waitFor(10, TimeUnit.MINUTES)) {
            driver.destroyForcibly();
            fail("kernel_checks.py did not finish in 10 minutes: " + Files.readString(log));
        }
        if (driver.exitValue() != 0 || !Files.exists(out)) {
            fail("kernel_checks.py failed: " + Files.readString(log));
        }
        report = new Gson().fromJson(Files.readString(out, StandardCharsets.UTF_8), Map.class);
        System.out.println("kernel_checks report: " + report.get("starts"));
    }

    @AfterAll
    static void cleanUp() throws Exception {
        if (dir != null) {
            try (var paths = Files.walk(dir)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void notebookKeepsStateAndShowsValuesImagesTablesAndErrors() {
        List<List<Map<String, Object>>> cells = list(section("notebook").get("cells"));
        assertTrue(cells.get(0).isEmpty(), "a declaration shows nothing");
        assertEquals("execute_result", cells.get(1).get(0).get("output_type"));
        assertEquals("42", data(cells.get(1)).get("text/plain"));
        assertEquals(List.of(32.0, 16.0), cells.get(2).get(0).get("png_size"));
        String html = (String) data(cells.get(3)).get("text/html");
        assertTrue(html.startsWith("<table") && html.contains("<td>&lt;z&gt;</td>"), html);
        assertEquals(List.of(600.0, 400.0), cells.get(4).get(0).get("png_size"), "charts at twice the density");
        assertEquals("error", cells.get(5).get(0).get("output_type"));
        assertEquals("java.lang.NumberFormatException", cells.get(5).get(0).get("ename"));
        assertEquals("22", data(cells.get(6)).get("text/plain"), "the cell after an error still runs");
        assertEquals("hello from java\n", cells.get(7).get(0).get("text"));
        List<String> compileError = list(cells.get(8).get(0).get("traceback"));
        assertEquals(List.of("Compile error in [9] line 1:", "    int y = undefinedName;", "            ^^^^^^^^^^^^^"),
                compileError.subList(0, 3));
        assertEquals("display_data", cells.get(9).get(0).get("output_type"));
        assertEquals("second", data(cells.get(9)).get("text/plain"), "updateDisplay replaced the display");
        assertTrue(((String) data(cells.get(10)).get("text/plain")).startsWith("Line magics: %classpath"));
    }

    @Test
    void interruptStopsABusyLoopAndTheNextCellRuns() {
        Map<String, Object> session = section("session");
        Map<String, Object> interrupt = map(session.get("interrupt"));
        assertEquals("error", interrupt.get("status"));
        assertEquals("Interrupted", interrupt.get("ename"));
        assertTrue(((Number) interrupt.get("reply_seconds")).doubleValue() < 10, interrupt.toString());
        assertEquals(List.of(Map.of("text/plain", "6")), map(session.get("after_interrupt")).get("results"));
    }

    @Test
    void systemExitRestartsTheSessionNotTheKernel() {
        Map<String, Object> session = section("session");
        Map<String, Object> exit = map(session.get("exit"));
        assertEquals(true, exit.get("kernel_alive"));
        Map<String, Object> error = map(list(exit.get("errors")).get(0));
        assertEquals("SessionRestarted", error.get("ename"));
        assertEquals(List.of(Map.of("text/plain", "2")), map(session.get("after_exit")).get("results"));
    }

    @Test
    void protocolRequestsAreAnswered() {
        Map<String, Object> session = section("session");
        Map<String, Object> complete = map(session.get("complete"));
        assertTrue(list(complete.get("matches")).contains("String"), complete.toString());
        assertEquals(0.0, complete.get("cursor_start"));
        Map<String, Object> inspect = map(session.get("inspect"));
        assertEquals(true, inspect.get("found"));
        assertTrue(((String) map(inspect.get("data")).get("text/plain")).contains("int Math.max(int a, int b)"));
        assertEquals("incomplete", map(session.get("is_complete_open")).get("status"));
        assertEquals("complete", map(session.get("is_complete_done")).get("status"));
        Map<String, Object> language = map(session.get("language_info"));
        assertEquals("java", language.get("name"));
        assertEquals("text/x-java", language.get("mimetype"));
    }

    @Test
    void floodOfOutputIsCappedAndTheCellStillAnswers() {
        Map<String, Object> flood = map(section("session").get("flood"));
        assertEquals("ok", flood.get("status"));
        assertEquals(1048576.0, flood.get("stdout_chars"));
        assertTrue(((String) flood.get("stderr")).contains("9,051,424 bytes of output were not shown"), flood.toString());
        assertEquals(List.of(Map.of("text/plain", "survived")), flood.get("results"));
    }

    @Test
    void badMagicLinesGiveOneLineErrors() {
        Map<String, Object> session = section("session");
        for (String key : List.of("malformed_magic", "unknown_magic")) {
            Map<String, Object> error = map(list(map(session.get(key)).get("errors")).get(0));
            assertEquals(1, list(error.get("traceback")).size(), error.toString());
            assertEquals(error.get("evalue"), list(error.get("traceback")).get(0));
        }
    }

    @Test
    void restartAndShutdownWork() {
        Map<String, Object> session = section("session");
        assertEquals(List.of(Map.of("text/plain", "restarted")), map(session.get("after_restart")).get("results"));
        Map<String, Object> shutdown = map(session.get("shutdown"));
        assertEquals(false, shutdown.get("kernel_alive"));
        assertEquals(1.0, shutdown.get("agents_before"));
        assertEquals(List.of(), shutdown.get("agents_left"), "the agent JVM goes with the kernel");
    }

    @Test
    void aClientWithTheWrongKeyAndGarbageOnEverySocketChangeNothing() {
        Map<String, Object> hostile = section("hostile");
        assertEquals(false, hostile.get("bad_client_ran"), "nothing the wrong-key client sent ran");
        assertEquals(true, hostile.get("kernel_alive"));
        Map<String, Object> next = map(hostile.get("next_cell"));
        assertEquals("ok", next.get("status"));
        assertEquals(List.of(Map.of("text/plain", "2")), next.get("results"));
        System.out.printf("after the hostile client, the next cell took %.2f s%n", next.get("seconds"));
        assertTrue(((Number) next.get("seconds")).doubleValue() < 30, "the real client's cell is not held up: " + next);
    }

    @Test
    void inputRequestsAreAnsweredByTheClientOrRefusedInOneLine() {
        Map<String, Object> stdin = section("stdin");
        Map<String, Object> scanner = map(stdin.get("scanner"));
        assertEquals("", scanner.get("prompt"));
        assertEquals(true, scanner.get("request_parent"), "the input_request names the execute_request as parent");
        assertEquals(List.of(Map.of("text/plain", "5")), scanner.get("results"), "Scanner read the typed line");
        Map<String, Object> readLine = map(stdin.get("read_line"));
        assertEquals("Your name? ", readLine.get("prompt"));
        assertEquals(false, readLine.get("password"));
        assertEquals(List.of(Map.of("text/plain", "Ada!")), readLine.get("results"));
        for (String key : List.of("not_allowed", "read_line_not_allowed")) {
            Map<String, Object> error = map(list(map(stdin.get(key)).get("errors")).get(0));
            assertEquals("StdinNotAllowed", error.get("ename"), key);
            assertEquals(1, list(error.get("traceback")).size(), "one line: " + error);
        }
    }

    @Test
    void aWidgetSyncsBothWaysThroughComms() {
        Map<String, Object> comms = section("comms");
        assertTrue(list(comms.get("opened")).contains(Map.of("target", "jupyter.widget", "model", "IntSliderModel")));
        assertTrue(list(comms.get("opened")).contains(Map.of("target", "jupyter.widget", "model", "LayoutModel")),
                "the slider's layout opened first");
        assertEquals(Map.of("value", 0.0, "max", 10.0, "description", "latent", "_view_name", "IntSliderView"),
                comms.get("slider_state"));
        Map<String, Object> shown = map(list(comms.get("shown")).get(0));
        assertTrue(shown.containsKey("application/vnd.jupyter.widget-view+json"), shown.toString());
        assertEquals(1.0, comms.get("comm_info"), "comm_info_request lists the slider");
        assertEquals("java saw 7\n", comms.get("listener_output"), "the Java listener ran for the front end's change");
        assertEquals(List.of(Map.of("text/plain", "7")), comms.get("java_value"));
        assertEquals(List.of(Map.of("method", "update", "state", Map.of("value", 3.0), "buffer_paths", List.of())),
                comms.get("kernel_update"), "a change in Java reaches the front end");
        assertEquals("java saw 3\n", comms.get("kernel_update_output"), "listeners fire for changes from Java too");
        assertEquals(false, comms.get("after_close"));
        assertEquals(List.of(Map.of("text/plain", "false")), comms.get("java_sees_close"));
    }

    @Test
    void printedFrameMarkersAndFloodsCannotBreakTheNextCells() {
        Map<String, Object> forged = section("forged_frames");
        Map<String, Object> flood = map(forged.get("flood"));
        assertEquals("SessionRestarted", flood.get("ename"), flood.toString());
        assertEquals("\u001Escope:{", flood.get("stdout_start"), "the marker is shown as the text it is");
        assertEquals(1048576.0, flood.get("stdout_chars"), "capped at 1 MiB");
        Map<String, Object> next = map(forged.get("next_cell"));
        assertEquals("ok", next.get("status"));
        assertEquals("after\n", next.get("stdout"));
        assertEquals(List.of(Map.of("text/plain", "shown")), next.get("displays"));
        assertEquals(List.of(Map.of("text/plain", "3")), next.get("results"));
        assertEquals(true, forged.get("kernel_alive"));
        System.out.printf("marker + %.0f MB + System.exit: %.1f s; next cell %.2f s; kernel JVM peak RSS %.0f MB%n",
                flood.get("megabytes"), flood.get("seconds"), next.get("seconds"), forged.get("kernel_peak_rss_mb"));
    }

    @Test
    void interruptAndShutdownRepliesAreValidMessages() {
        Map<String, Object> control = section("control_replies");
        assertEquals(Map.of("status", "ok"), control.get("interrupt_request"), "validated by jupyter_kernel_test's msgspec");
        assertEquals(Map.of("status", "ok", "restart", true), control.get("shutdown_request"));
        assertEquals(true, control.get("exited_after_shutdown"));
    }

    @Test
    void everyStartReachesReady() {
        Map<String, Object> starts = section("starts");
        assertEquals((double) STARTS, starts.get("count"));
        System.out.printf("kernel starts: %d, median to ready %.2f s (max %.2f), median to first result %.2f s (max %.2f)%n",
                STARTS, starts.get("ready_median"), starts.get("ready_max"), starts.get("first_result_median"),
                starts.get("first_result_max"));
    }

    private static Map<String, Object> section(String name) {
        Map<String, Object> section = map(report.get(name));
        assertNotNull(section, name + " missing from the report");
        assertFalse(section.containsKey("exception"), () -> name + " failed in the driver:\n" + section.get("exception"));
        return section;
    }

    private static Map<String, Object> data(List<Map<String, Object>> outputs) {
        return map(outputs.get(0).get("data"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    private static <T> List<T> list(Object value) {
        return (List<T>) value;
    }
}
