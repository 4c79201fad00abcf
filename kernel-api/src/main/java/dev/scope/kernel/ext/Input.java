package dev.scope.kernel.ext;

/**
 * Asks the person at the notebook for a line of text, as Python's {@code input()} does; cells also read
 * {@code System.in}. When the front end does not take input (a headless run), the call fails with one line that
 * says so. Without a kernel both read a line from the console.
 */
public final class Input {

    private Input() {
    }

    /** Shows {@code prompt} and returns the line typed, without its line break. */
    public static String readLine(String prompt) {
        return KernelHost.current().readLine(prompt, false);
    }

    /** Like {@link #readLine(String)}, with the typing hidden. */
    public static String readPassword(String prompt) {
        return KernelHost.current().readLine(prompt, true);
    }
}
