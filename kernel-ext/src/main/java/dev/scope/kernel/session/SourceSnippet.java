package dev.scope.kernel.session;

/** One JShell snippet of a cell and where it starts in the cell. */
record SourceSnippet(String code, int offset) {

    /** Empty statements such as {@code ;} or {@code {}} have no value worth showing. */
    boolean isTrivial() {
        return code.replaceAll("[\\s;{}]", "").isEmpty();
    }
}
