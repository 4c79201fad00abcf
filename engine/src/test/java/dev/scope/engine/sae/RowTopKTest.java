package dev.scope.engine.sae;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

import java.util.Comparator;
import java.util.Random;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.*;

/** {@link RowTopK}: each row's k largest entries, kept while blocks of columns pass. */
class RowTopKTest {
    @AutoClose
    private static final NDManager manager = NDManager.newBaseManager();

    /** Random rows in blocks of uneven width (one narrower than k): the same values and ids as libtorch's topk of the whole. */
    @Test
    void keepsWhatTopkOfTheWholeMatrixKeeps() {
        int rows = 70; // enough for the rows to be split between threads
        int k = 32;
        try (NDManager scope = manager.newSubManager()) {
            NDArray whole = scope.randomNormal(new Shape(rows, 5000));
            RowTopK kept = new RowTopK(rows, k);
            int[] ends = {20, 1000, 1013, 4032, 5000};
            for (int b = 0, from = 0; b < ends.length; from = ends[b++]) {
                kept.offer(whole.get(":, " + from + ":" + ends[b]), from);
            }
            RowTopK.Result ours = kept.result();
            NDList torch = whole.topK(k, 1, true, true);
            assertArrayEquals(torch.get(0).toFloatArray(), ours.values());
            assertArrayEquals(torch.get(1).toLongArray(), IntStream.of(ours.ids()).asLongStream().toArray());
            NDList asArrays = ours.toNDList(scope);
            assertEquals(new Shape(rows, k), asArrays.get(1).getShape());
            assertArrayEquals(torch.get(1).toLongArray(), asArrays.get(1).toLongArray());
        }
    }

    /** Many ties, NaN and infinities: values ordered as topk orders them, NaN first, equal values by the lower id. */
    @Test
    void ordersTiesNanAndInfinitiesAsTopkDoes() {
        int rows = 40;
        int width = 300;
        int k = 16;
        Random random = new Random(7);
        float[] data = new float[rows * width];
        for (int i = 0; i < data.length; i++) {
            int pick = random.nextInt(100);
            data[i] = pick == 0 ? Float.NaN : pick == 1 ? Float.NEGATIVE_INFINITY : pick == 2 ? Float.POSITIVE_INFINITY
                    : pick == 3 ? -0f : random.nextInt(6);
        }
        for (int i = 0; i < width; i++) {
            data[i] = Float.NEGATIVE_INFINITY; // a row with nothing above -inf still keeps k entries
        }
        try (NDManager scope = manager.newSubManager()) {
            NDArray whole = scope.create(data, new Shape(rows, width));
            RowTopK kept = new RowTopK(rows, k);
            kept.offer(whole.get(":, 0:100"), 0);
            kept.offer(whole.get(":, 100:" + width), 100);
            RowTopK.Result ours = kept.result();
            Comparator<Integer> ranked = Comparator.<Integer, Float>comparing(i -> data[i] == 0 ? 0f : data[i]).reversed()
                    .thenComparing(i -> i);
            for (int r = 0; r < rows; r++) {
                int row = r;
                int[] expected = IntStream.range(0, width).boxed().map(j -> row * width + j).sorted(ranked).limit(k)
                        .mapToInt(i -> i - row * width).toArray();
                for (int j = 0; j < k; j++) {
                    assertEquals(expected[j], ours.ids()[r * k + j], "row " + r + ", place " + j);
                    assertEquals(data[r * width + expected[j]], ours.values()[r * k + j], 0f, "row " + r + ", place " + j);
                }
            }
        }
    }

    @Test
    void refusesToAnswerBeforeEveryRowHasSeenKColumnsAndBlocksOfTheWrongShape() {
        try (NDManager scope = manager.newSubManager()) {
            RowTopK kept = new RowTopK(3, 8);
            kept.offer(scope.randomNormal(new Shape(3, 5)), 0);
            assertThrows(IllegalStateException.class, kept::result);
            assertThrows(IllegalArgumentException.class, () -> kept.offer(scope.randomNormal(new Shape(4, 5)), 5));
            kept.offer(scope.randomNormal(new Shape(3, 5)), 5);
            assertEquals(24, kept.result().ids().length);
        }
    }
}
