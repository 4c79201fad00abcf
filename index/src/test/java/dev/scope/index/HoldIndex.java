package dev.scope.index;

import java.sql.Connection;
import java.sql.DriverManager;

/** A child process that opens an index file and holds it until its standard input closes: another process's lock. */
public final class HoldIndex {

    private HoldIndex() {
    }

    public static void main(String[] args) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + args[0])) {
            System.out.println("holding");
            System.out.flush();
            while (System.in.read() >= 0) {
                // wait for the parent to close our input
            }
        }
    }
}
