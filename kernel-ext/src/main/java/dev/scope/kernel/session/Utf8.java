package dev.scope.kernel.session;

/** UTF-8 byte arithmetic. */
final class Utf8 {

    private Utf8() {
    }

    /** The length of the longest prefix of {@code bytes} that does not end inside a character. */
    static int completePrefix(byte[] bytes) {
        int n = bytes.length;
        // a character is at most 4 bytes: look back for the last lead byte
        for (int back = 1; back <= Math.min(4, n); back++) {
            int b = bytes[n - back] & 0xFF;
            if ((b & 0xC0) != 0x80) {
                int needed = b < 0x80 ? 1 : b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
                return needed <= back ? n : n - back;
            }
        }
        return n;
    }
}
