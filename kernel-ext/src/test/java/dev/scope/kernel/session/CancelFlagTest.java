package dev.scope.kernel.session;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

class CancelFlagTest {
    @Test
    void theCancelFlagLivesInAFreshFolderOnlyThisUserMayEnter() throws IOException {
        Path a = AgentShell.cancelFlagPath();
        Path b = AgentShell.cancelFlagPath();
        try {
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(a.getParent())));
            assertFalse(Files.exists(a), "not raised until a cancel is asked for");
            assertNotEquals(a.getParent(), b.getParent(), "a new, unforeseeable folder each time");
        } finally {
            Files.deleteIfExists(a.getParent());
            Files.deleteIfExists(b.getParent());
        }
    }
}
