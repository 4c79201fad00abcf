package dev.scope.engine.intervene;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The tokens an intervention touches: all of them, the CLS token, or chosen patches given as
 * (row, col) of the patch grid (token {@code 1 + row · grid + col}).
 */
public record TokenSet(Kind kind, List<int[]> patches) {

    public enum Kind { ALL, CLS, PATCHES }

    public TokenSet {
        patches = List.copyOf(patches);
        if (kind == Kind.PATCHES && patches.isEmpty()) {
            throw new IllegalArgumentException("Name at least one patch as row,col.");
        }
    }

    public static TokenSet all() {
        return new TokenSet(Kind.ALL, List.of());
    }

    public static TokenSet cls() {
        return new TokenSet(Kind.CLS, List.of());
    }

    /** One patch of the grid, row and column from 0 at the top left. */
    public static TokenSet patch(int row, int col) {
        return new TokenSet(Kind.PATCHES, List.<int[]>of(new int[] {row, col}));
    }

    public TokenSet and(int row, int col) {
        List<int[]> more = new ArrayList<>(kind == Kind.PATCHES ? patches : List.of());
        more.add(new int[] {row, col});
        return new TokenSet(Kind.PATCHES, more);
    }

    /** The token indices within one image of {@code grid × grid} patches plus CLS. */
    public int[] resolve(int grid) {
        return switch (kind) {
            case ALL -> java.util.stream.IntStream.range(0, grid * grid + 1).toArray();
            case CLS -> new int[] {0};
            case PATCHES -> patches.stream().mapToInt(p -> {
                if (p[0] < 0 || p[0] >= grid || p[1] < 0 || p[1] >= grid) {
                    throw new IllegalArgumentException("Patch " + p[0] + "," + p[1] + " is outside the " + grid + "×"
                            + grid + " patch grid; rows and columns run from 0 to " + (grid - 1) + ".");
                }
                return 1 + p[0] * grid + p[1];
            }).distinct().toArray();
        };
    }

    @Override
    public String toString() {
        return switch (kind) {
            case ALL -> "all tokens";
            case CLS -> "the CLS token";
            case PATCHES -> (patches.size() == 1 ? "patch " : "patches ")
                    + String.join(" ", patches.stream().map(p -> p[0] + "," + p[1]).toList());
        };
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TokenSet t && t.kind == kind && t.patches.size() == patches.size()
                && java.util.stream.IntStream.range(0, patches.size())
                        .allMatch(i -> Arrays.equals(patches.get(i), t.patches.get(i)));
    }

    @Override
    public int hashCode() {
        return kind.hashCode() * 31 + patches.stream().mapToInt(Arrays::hashCode).sum();
    }
}
