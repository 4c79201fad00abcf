package dev.scope.engine.io;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/** Turns torch's (storage, storage_offset, size, stride) into a row-major {@link Tensor}. */
final class TensorLayout {
    private TensorLayout() {
    }

    /**
     * The tensor torch would rebuild. Its elements must lie inside the storage, and a view that is not
     * row-major is copied, so it may not have more elements than its storage: a stride-0 or overlapping
     * view that would expand a small storage into a huge copy is refused.
     */
    static Tensor view(WeightsOnlyUnpickler.Storage storage, long offset, long[] shape, long[] stride) {
        String name = "data/" + storage.key();
        long numel;
        long last;
        try {
            numel = Tensor.numel(shape);
            last = offset;
            for (int i = 0; i < shape.length && numel > 0; i++) {
                last = Math.addExact(last, Math.multiplyExact(shape[i] - 1, stride[i]));
            }
        } catch (IllegalArgumentException e) {
            throw new WeightsOnlyUnpickler.Malformed(e.getMessage());
        } catch (ArithmeticException e) {
            throw new WeightsOnlyUnpickler.Malformed("has a tensor of shape " + Arrays.toString(shape) + " and stride "
                    + Arrays.toString(stride) + " whose last element lies beyond any storage");
        }
        int bytes = storage.dtype().bytes();
        if (numel == 0) {
            return new Tensor(name, storage.dtype(), shape, ByteBuffer.allocate(0));
        }
        if (offset < 0 || last >= storage.numel()) {
            throw new WeightsOnlyUnpickler.Malformed("has a tensor that reaches element " + last + " of storage "
                    + storage.key() + ", which holds only " + storage.numel());
        }
        if (isRowMajor(shape, stride)) {
            ByteBuffer slice = storage.data().duplicate()
                    .position(Math.toIntExact(offset * bytes))
                    .limit(Math.toIntExact((offset + numel) * bytes));
            return new Tensor(name, storage.dtype(), shape, slice);
        }
        if (numel > storage.numel()) {
            throw new WeightsOnlyUnpickler.Malformed("has a tensor of " + numel + " elements (shape "
                    + Arrays.toString(shape) + ", stride " + Arrays.toString(stride) + ") over storage " + storage.key()
                    + " of only " + storage.numel() + ": a stride-0 or overlapping view, which scope does not expand");
        }
        return new Tensor(name, storage.dtype(), shape, copyRowMajor(storage, offset, shape, stride));
    }

    /** Row-major apart from dimensions of size 1, whose stride does not matter. */
    static boolean isRowMajor(long[] shape, long[] stride) {
        long expected = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            if (shape[i] != 1 && stride[i] != expected) {
                return false;
            }
            expected *= shape[i];
        }
        return true;
    }

    private static ByteBuffer copyRowMajor(WeightsOnlyUnpickler.Storage storage, long offset, long[] shape,
                                           long[] stride) {
        int bytes = storage.dtype().bytes();
        long numel = Tensor.numel(shape);
        ByteBuffer src = storage.data();
        ByteBuffer out = ByteBuffer.allocateDirect(Math.toIntExact(numel * bytes)).order(ByteOrder.LITTLE_ENDIAN);
        long[] index = new long[shape.length];
        byte[] element = new byte[bytes];
        for (long n = 0; n < numel; n++) {
            long at = offset;
            for (int d = 0; d < shape.length; d++) {
                at += index[d] * stride[d];
            }
            src.get(Math.toIntExact(at * bytes), element);
            out.put(element);
            for (int d = shape.length - 1; d >= 0; d--) {
                if (++index[d] < shape[d]) {
                    break;
                }
                index[d] = 0;
            }
        }
        return out.flip();
    }
}
