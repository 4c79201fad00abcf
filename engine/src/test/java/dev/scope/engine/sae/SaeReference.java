package dev.scope.engine.sae;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.scope.engine.Fixtures;
import dev.scope.engine.Matrix;
import dev.scope.engine.io.Safetensors;
import dev.scope.engine.io.Tensor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What clipscope's own TopKSAE produced on the fixtures (see fixtures/README.md). */
public final class SaeReference {
    private SaeReference() {
    }

    public static Path checkpoint(int layer) {
        return Fixtures.saes().resolve(layer + "_resid").resolve("1000.pt");
    }

    /** {@code sae.<layer>.<what>} from expected.safetensors as a matrix (a vector becomes one column). */
    public static Matrix matrix(int layer, String what) throws IOException {
        Tensor t = Safetensors.open(Fixtures.expected()).tensor("sae." + layer + "." + what);
        long[] s = t.shape();
        int cols = s.length == 1 ? 1 : (int) s[1];
        return new Matrix((int) s[0], cols, t.toFloats());
    }

    public static double number(String key) throws IOException {
        JsonObject json = JsonParser.parseString(
                Files.readString(Fixtures.root().resolve("expected.json"))).getAsJsonObject();
        return json.get(key).getAsDouble();
    }
}
