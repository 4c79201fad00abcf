package dev.scope.engine.sae;

import dev.scope.engine.io.DType;
import dev.scope.engine.io.Tensor;
import dev.scope.engine.io.TorchCheckpoint;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.OptionalLong;

/**
 * A clipscope TopK SAE checkpoint: {@code {'model_state_dict': {'pre_b', 'enc', 'dec'}, 'k',
 * 'n_features', 'd_in', 'token_count', …}} as written by {@code torch.save}. The weights stay
 * memory-mapped until {@link TopKSae#load} copies them into native memory.
 *
 * <pre>
 * jshell&gt; var ckpt = SaeCheckpoint.read(Path.of("saes/22_resid/1200013184.pt"));
 * jshell&gt; ckpt.k() + " of " + ckpt.nFeatures()   // "32 of 65536"
 * </pre>
 */
public record SaeCheckpoint(Path file, int dIn, int nFeatures, int k, OptionalLong tokenCount,
                            Tensor preB, Tensor enc, Tensor dec) {

    public static SaeCheckpoint read(Path file) throws IOException {
        TorchCheckpoint ckpt = TorchCheckpoint.read(file);
        int dIn = intField(ckpt, "d_in");
        int nFeatures = intField(ckpt, "n_features");
        int k = intField(ckpt, "k");
        Object tokens = ckpt.find("token_count");
        OptionalLong tokenCount = tokens instanceof Number n ? OptionalLong.of(n.longValue()) : OptionalLong.empty();
        Tensor preB = weight(ckpt, "pre_b", new long[] {dIn});
        Tensor enc = weight(ckpt, "enc", new long[] {dIn, nFeatures});
        Tensor dec = weight(ckpt, "dec", new long[] {nFeatures, dIn});
        if (k < 1 || k > nFeatures) {
            throw new SaeException("The SAE checkpoint " + file + " keeps k = " + k + " of " + nFeatures
                    + " latents, which is not a usable TopK setting; check that the file is a clipscope SAE.");
        }
        return new SaeCheckpoint(file, dIn, nFeatures, k, tokenCount, preB, enc, dec);
    }

    /** Refuses activations of another width, e.g. a CLIP model other than the one the SAE was trained on. */
    public void requireInputWidth(int width, String source) throws SaeException {
        if (width != dIn) {
            throw new SaeException("The SAE " + file + " reads activations " + dIn + " wide but " + source + " gives "
                    + width + "; use SAEs trained on that model (the CLIP ViT-L scope needs CLIP ViT-L/14, width 1024).");
        }
    }

    private static int intField(TorchCheckpoint ckpt, String name) throws SaeException {
        Object v = ckpt.find(name);
        if (!(v instanceof Integer || v instanceof Long) || ((Number) v).longValue() < 1
                || ((Number) v).longValue() > Integer.MAX_VALUE) {
            throw new SaeException("The SAE checkpoint " + ckpt.path() + (v == null ? " has no '" + name + "'"
                    : " has '" + name + "' = " + shortly(v) + ", not a positive integer")
                    + "; check that it is a clipscope TopK SAE checkpoint.");
        }
        return ((Number) v).intValue();
    }

    /** A value from the file, described in a few words (a hostile list could be a million items long). */
    private static String shortly(Object v) {
        if (v instanceof Number || v instanceof Boolean) {
            String text = v.toString();
            return text.length() <= 40 ? text : text.substring(0, 20) + "… (" + text.length() + " digits)";
        }
        if (v instanceof String text) {
            return "'" + (text.length() <= 40 ? text : text.substring(0, 37) + "...").replaceAll("\\p{Cntrl}", "?") + "'";
        }
        return "a " + (v instanceof java.util.Map<?, ?> ? "dict" : v instanceof java.util.List<?> ? "list"
                : v instanceof Object[] ? "tuple" : v.getClass().getSimpleName());
    }

    private static Tensor weight(TorchCheckpoint ckpt, String name, long[] shape) throws SaeException {
        String key = "model_state_dict." + name;
        Object v = ckpt.find(key);
        if (!(v instanceof Tensor)) {
            throw new SaeException("The SAE checkpoint " + ckpt.path() + " has no tensor " + key
                    + "; check that it is a clipscope TopK SAE checkpoint.");
        }
        Tensor t;
        try {
            t = ckpt.tensor(key);
        } catch (IOException e) {
            throw new SaeException(e.getMessage());
        }
        if (!Arrays.equals(t.shape(), shape)) {
            throw new SaeException("The SAE checkpoint " + ckpt.path() + " has " + key + " of shape "
                    + Arrays.toString(t.shape()) + " where its d_in and n_features call for " + Arrays.toString(shape)
                    + "; the file is inconsistent, re-download it.");
        }
        if (t.dtype() != DType.F32 && t.dtype() != DType.F16 && t.dtype() != DType.BF16 && t.dtype() != DType.F64) {
            throw new SaeException("The SAE checkpoint " + ckpt.path() + " stores " + key + " as " + t.dtype()
                    + ", not floating point; check that it is a clipscope TopK SAE checkpoint.");
        }
        return t;
    }

    @Override
    public String toString() {
        return "SaeCheckpoint(" + file + ", d_in " + dIn + ", " + nFeatures + " latents, k " + k + ")";
    }
}
