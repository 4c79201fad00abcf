package dev.scope.kernel.session;

import dev.scope.kernel.testkit.CellResult;
import dev.scope.kernel.testkit.KernelTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** System.in and readLine ask the listener for lines; where it has none, the cell fails in one line. */
class InputTest {

    private static KernelTestKit kit;

    @BeforeAll
    static void start() {
        kit = KernelTestKit.start();
    }

    @AfterAll
    static void stop() {
        kit.close();
    }

    @Test
    void systemInReadsTypedLines() {
        kit.typing("hello", "second line");
        CellResult result = kit.execOk("var in = new Scanner(System.in);\nin.nextLine().length() + in.nextLine().length()");
        assertEquals("16", result.outcome().shownValue().orElseThrow().textPlain());
        assertEquals(List.of("", ""), result.prompts());
    }

    @Test
    void readLineShowsItsPrompt() {
        kit.typing("Ada");
        CellResult result = kit.execOk("readLine(\"Your name? \") + \"!\"");
        assertEquals("Ada!", result.outcome().shownValue().orElseThrow().textPlain());
        assertEquals(List.of("Your name? "), result.prompts());
    }

    @Test
    void withoutInputTheCellFailsInOneLine() {
        for (String code : List.of("new Scanner(System.in).nextLine()", "readLine(\"x? \")",
                "new java.io.BufferedReader(new java.io.InputStreamReader(System.in)).readLine()")) {
            CellError error = kit.execError(code);
            assertEquals(CellError.oneLine("StdinNotAllowed", StdinNotAllowed.MESSAGE), error, code);
        }
        assertEquals("2", kit.execText("1 + 1"), "the next cell is not affected");
    }
}
