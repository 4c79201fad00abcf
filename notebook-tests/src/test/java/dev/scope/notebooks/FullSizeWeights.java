package dev.scope.notebooks;

import dev.scope.engine.io.DType;
import dev.scope.engine.io.PickleBytes;
import dev.scope.engine.io.SafetensorsWriter;
import dev.scope.engine.io.Tensor;
import dev.scope.engine.resid.VisionConfig;
import dev.scope.engine.resid.VisionFiles;
import dev.scope.engine.resid.VitL14;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * The CLIP ViT-L scope's files at full size with seeded random float32 values, in the layouts the loader
 * reads from a folder: a CLIP folder as Hugging Face publishes it (config.json with ViT-L/14's vision_config,
 * the LAION preprocessor_config.json, model.safetensors with the vision tower's 24 blocks) and an SAE folder
 * {@code {layer}_resid/{tokens}.pt} as torch.save writes clipscope's checkpoints. float32, as the published
 * files are: {@code SCOPE_DTYPE=float16} narrows them while loading, which is the path Binder takes.
 *
 * <p>Tensors of one size share one buffer of values, so writing the 1.2 GB CLIP file and the 537 MB SAE
 * holds no more than the SAE's 256 MB {@code enc} in memory. (The benchmark's {@code RandomCheckpoints} writes
 * the same CLIP folder; it lives in the CLI, which never goes on a notebook's classpath.)
 */
final class FullSizeWeights {
    static final int SAE_FEATURES = 65_536;
    static final int SAE_K = 32;
    static final int SAE_TOKENS = 1_200_013_184;

    private final Map<Long, ByteBuffer> values = new HashMap<>();
    private final SplittableRandom random = new SplittableRandom(13);

    /** The CLIP folder: config.json, preprocessor_config.json (copied from {@code preprocessor}) and model.safetensors. */
    void writeClip(Path folder, Path preprocessor) throws IOException {
        VisionConfig c = VitL14.CONFIG;
        Files.createDirectories(folder);
        Files.writeString(folder.resolve("config.json"), VisionFiles.configJson(c));
        Files.copy(preprocessor, folder.resolve("preprocessor_config.json"));
        SafetensorsWriter w = new SafetensorsWriter();
        VisionFiles.tensorShapes(c).forEach((name, shape) -> w.add(tensor(name, shape)));
        w.write(folder.resolve("model.safetensors"));
    }

    /**
     * The SAE of {@code layer} as {@code saes/{layer}_resid/1200013184.pt}: a torch.save zip (entries stored,
     * {@code data.pkl}, {@code byteorder}, {@code data/0..2}, {@code version}) whose pickle holds clipscope's
     * {@code {'model_state_dict': {'pre_b', 'enc', 'dec'}, 'k', 'n_features', 'd_in', 'token_count'}}.
     */
    Path writeSae(Path saes, int layer) throws IOException {
        int dIn = VitL14.CONFIG.hiddenSize();
        long n = (long) dIn * SAE_FEATURES;
        Path file = Files.createDirectories(saes.resolve(layer + "_resid")).resolve(SAE_TOKENS + ".pt");
        byte[] pickle = new PickleBytes().proto(2).emptyDict().mark().str("model_state_dict")
                .global("collections", "OrderedDict").emptyTuple().reduce().mark()
                .str("pre_b").floatTensor("0", dIn, 0, new long[] {dIn}, new long[] {1})
                .str("enc").floatTensor("1", n, 0, new long[] {dIn, SAE_FEATURES}, new long[] {SAE_FEATURES, 1})
                .str("dec").floatTensor("2", n, 0, new long[] {SAE_FEATURES, dIn}, new long[] {dIn, 1})
                .setItems()
                .str("k").integer(SAE_K).str("n_features").integer(SAE_FEATURES).str("d_in").integer(dIn)
                .str("token_count").integer(SAE_TOKENS).setItems().stop().bytes();
        String root = SAE_TOKENS + "/";
        try (OutputStream out = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(out)) {
            stored(zip, root + "data.pkl", ByteBuffer.wrap(pickle));
            stored(zip, root + "byteorder", ByteBuffer.wrap("little".getBytes(StandardCharsets.US_ASCII)));
            stored(zip, root + "data/0", floats(dIn));
            stored(zip, root + "data/1", floats(n));
            stored(zip, root + "data/2", floats(n));
            stored(zip, root + "version", ByteBuffer.wrap("3\n".getBytes(StandardCharsets.US_ASCII)));
        }
        return file;
    }

    /** An uncompressed entry, as torch.save writes them (a stored entry must name its size and CRC first). */
    private static void stored(ZipOutputStream zip, String name, ByteBuffer data) throws IOException {
        CRC32 crc = new CRC32();
        crc.update(data.duplicate());
        ZipEntry entry = new ZipEntry(name);
        entry.setMethod(ZipEntry.STORED);
        entry.setSize(data.remaining());
        entry.setCompressedSize(data.remaining());
        entry.setCrc(crc.getValue());
        zip.putNextEntry(entry);
        byte[] chunk = new byte[1 << 20];
        ByteBuffer rest = data.duplicate();
        while (rest.hasRemaining()) {
            int len = Math.min(chunk.length, rest.remaining());
            rest.get(chunk, 0, len);
            zip.write(chunk, 0, len);
        }
        zip.closeEntry();
    }

    private Tensor tensor(String name, long... shape) {
        return new Tensor(name, DType.F32, shape, floats(Tensor.numel(shape)));
    }

    /** Small uniform values (standard deviation about 0.02, as CLIP is initialised), so a pass on them stays finite. */
    private ByteBuffer floats(long count) {
        return values.computeIfAbsent(count, n -> {
            ByteBuffer b = ByteBuffer.allocateDirect(Math.toIntExact(n * 4)).order(ByteOrder.LITTLE_ENDIAN);
            for (long i = 0; i < n; i++) {
                b.putFloat((float) (random.nextDouble() - 0.5) * 0.07f);
            }
            return b.flip();
        }).duplicate().order(ByteOrder.LITTLE_ENDIAN);
    }
}
