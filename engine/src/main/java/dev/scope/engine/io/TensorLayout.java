package dev.scope.engine.io;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Turns torch's (storage, storage_offset, size, stride) into a row-major {@link Tensor}. */
final class TensorLayout {
    private TensorLayout() {
    }

    static Tensor view(WeightsOnlyUnpickler.Storage storage, long offset, long[] shape, long[] stride) {
        String name = "data/" + storage.key();
        long numel = Tensor.numel(shape);
        int bytes = storage.dtype().bytes();
        if (numel == 0) {
            return new Tensor(name, storage.dtype(), shape, ByteBuffer.allocate(0));
        }
        long last = offset;
        for (int i = 0; i < shape.length; i++) {
            last += (shape[i] - 1) * stride[i];
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
