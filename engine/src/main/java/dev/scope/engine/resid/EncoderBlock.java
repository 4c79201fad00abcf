package dev.scope.engine.resid;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import java.io.IOException;

import static dev.scope.engine.resid.TowerOps.activate;
import static dev.scope.engine.resid.TowerOps.layerNorm;
import static dev.scope.engine.resid.TowerOps.linear;

/**
 * One of CLIP's pre-LayerNorm encoder blocks (transformers' {@code CLIPEncoderLayer}), shared by the
 * vision and the text tower: {@code h = x + attn(ln1(x))}, then {@code h + mlp(ln2(h))}. The towers
 * differ only in the attention mask they pass: none for the image, causal for text. q, k and v are
 * fused into one projection with the attention scale folded into q.
 */
public record EncoderBlock(
        BlockShape shape,
        NDArray ln1Weight, NDArray ln1Bias,
        NDArray qkvWeight, NDArray qkvBias,
        NDArray outWeight, NDArray outBias,
        NDArray ln2Weight, NDArray ln2Bias,
        NDArray fc1Weight, NDArray fc1Bias,
        NDArray fc2Weight, NDArray fc2Bias) {

    /** Reads the block whose tensors are named {@code prefix + "layer_norm1.weight"} and so on. */
    public static EncoderBlock read(WeightReader r, String prefix, BlockShape s) throws IOException {
        int width = s.width();
        int mlp = s.intermediateSize();
        float scale = (float) (1.0 / Math.sqrt(s.headDim()));
        NDManager manager = r.manager();
        NDArray qkv;
        NDArray qkvb;
        try (NDManager tmp = manager.newSubManager()) {
            NDArray q = r.getF32(prefix + "self_attn.q_proj.weight", tmp, width, width).mul(scale);
            NDArray qb = r.getF32(prefix + "self_attn.q_proj.bias", tmp, width).mul(scale);
            NDArray k = r.getF32(prefix + "self_attn.k_proj.weight", tmp, width, width);
            NDArray kb = r.getF32(prefix + "self_attn.k_proj.bias", tmp, width);
            NDArray v = r.getF32(prefix + "self_attn.v_proj.weight", tmp, width, width);
            NDArray vb = r.getF32(prefix + "self_attn.v_proj.bias", tmp, width);
            qkv = NDArrays.concat(new NDList(q, k, v), 0).toType(r.storage(), false);
            qkvb = NDArrays.concat(new NDList(qb, kb, vb), 0).toType(r.storage(), false);
            qkv.attach(manager);
            qkvb.attach(manager);
        }
        r.releaseFused();
        return new EncoderBlock(s,
                r.get(prefix + "layer_norm1.weight", width), r.get(prefix + "layer_norm1.bias", width),
                qkv, qkvb,
                r.get(prefix + "self_attn.out_proj.weight", width, width), r.get(prefix + "self_attn.out_proj.bias", width),
                r.get(prefix + "layer_norm2.weight", width), r.get(prefix + "layer_norm2.bias", width),
                r.get(prefix + "mlp.fc1.weight", mlp, width), r.get(prefix + "mlp.fc1.bias", mlp),
                r.get(prefix + "mlp.fc2.weight", width, mlp), r.get(prefix + "mlp.fc2.bias", width));
    }

    /**
     * The block on {@code x} [batch, tokens, width]. {@code mask}, when not null, is added to the
     * attention scores ([tokens, tokens], 0 where a token may look and −∞ where it may not).
     */
    public NDArray forward(NDArray x, NDArray mask) {
        double eps = shape.layerNormEps();
        NDArray h = x.add(attention(layerNorm(x, ln1Weight, ln1Bias, eps), mask));
        NDArray mlp = activate(linear(layerNorm(h, ln2Weight, ln2Bias, eps), fc1Weight, fc1Bias), shape.activation());
        return h.add(linear(mlp, fc2Weight, fc2Bias));
    }

    private NDArray attention(NDArray x, NDArray mask) {
        Shape s = x.getShape();
        long batch = s.get(0);
        long tokens = s.get(1);
        int heads = shape.heads();
        int headDim = shape.headDim();
        NDArray qkv = linear(x, qkvWeight, qkvBias)
                .reshape(batch, tokens, 3, heads, headDim)
                .transpose(2, 0, 3, 1, 4);
        NDArray q = qkv.get(0);
        NDArray k = qkv.get(1);
        NDArray v = qkv.get(2);
        NDArray scores = q.matMul(k.transpose(0, 1, 3, 2));
        if (mask != null) {
            scores = scores.add(mask);
        }
        NDArray out = scores.softmax(-1).matMul(v).transpose(0, 2, 1, 3).reshape(batch, tokens, (long) heads * headDim);
        return linear(out, outWeight, outBias);
    }
}
