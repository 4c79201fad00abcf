package dev.scope.kernel.session;

import java.io.IOException;

/** A cell asked for input where the front end takes none (allow_stdin false, a headless run). */
public final class StdinNotAllowed extends IOException {

    public static final String MESSAGE = "This cell reads input (System.in or readLine), but the front end does not "
            + "accept input here; give the value in the code instead, or run the cell in a notebook or console.";

    public StdinNotAllowed() {
        super(MESSAGE);
    }
}
