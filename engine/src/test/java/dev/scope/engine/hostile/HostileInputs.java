package dev.scope.engine.hostile;

import dev.scope.engine.Fixtures;
import dev.scope.engine.hub.Hub;
import dev.scope.engine.hub.Source;
import dev.scope.engine.image.ImageDecoder;
import dev.scope.engine.io.PickleBytes;
import dev.scope.engine.io.Safetensors;
import dev.scope.engine.limits.Limit;
import dev.scope.engine.pixels.PreprocessorConfig;
import dev.scope.engine.resid.VisionConfig;
import dev.scope.engine.sae.SaeCheckpoint;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

/**
 * Files and arguments an attacker or a careless user could hand scope, each made here from nothing:
 * crafted pickles, zips, safetensors headers, configs and images, FIFOs and devices. Every one must be
 * refused with one line that names it; {@link HostileReadersTest} runs them through the engine's readers,
 * and the CLI's tests run them through {@code ./scope forward} in a JVM of 512 MB.
 */
public final class HostileInputs {
    /** Deep enough to overflow any thread's stack if anything recursed over it. */
    public static final int DEEP = 100_000;

    /** The engine call that must refuse the input. */
    @FunctionalInterface
    public interface Reader {
        void read() throws Exception;
    }

    /**
     * One hostile input.
     *
     * @param name       a short label for reports
     * @param named      what the one line must name (the file, or the folder given)
     * @param mustSay    a phrase the line must hold (often the limit's name)
     * @param forward    the {@code ./scope forward} arguments that feed it (without {@code --out})
     * @param limits     limits lowered for this case only (set as {@code SCOPE_LIMIT_*} or properties)
     * @param marker     a file that must never appear (the pickle tries to create it), or null
     * @param reader     the engine call that must refuse it
     */
    public record Case(String name, Path named, String mustSay, List<String> forward, Map<Limit, Long> limits,
                       Path marker, Reader reader) {
        @Override
        public String toString() {
            return name;
        }
    }

    private final Path root;
    private final List<Case> cases = new ArrayList<>();

    private HostileInputs(Path root) {
        this.root = root;
    }

    /** Makes every case under {@code root} (one folder each). */
    public static List<Case> all(Path root) throws IOException, InterruptedException {
        HostileInputs h = new HostileInputs(root);
        h.checkpoints();
        h.zips();
        h.pixelValues();
        h.clipFolders();
        h.images();
        h.arguments();
        return List.copyOf(h.cases);
    }

    // ---- torch checkpoints, as the layer-2 SAE of a folder laid out like the scope repo ----

    private void checkpoints() throws IOException {
        PickleBytes p;
        checkpoint("long-text-4m-digits", "numberDigits",
                new PickleBytes().proto(2).op('L').text("7".repeat(4_000_000) + "L\n").stop().bytes());
        checkpoint("int-text-100k-digits", "numberDigits",
                new PickleBytes().proto(2).op('I').text("1".repeat(100_000) + "\n").stop().bytes());
        checkpoint("long4-100k-bytes", "numberDigits",
                new PickleBytes().proto(2).op((char) 0x8b).raw(le32(100_000)).raw(new byte[100_000]).stop().bytes());
        checkpoint("binunicode-0xffffffff", "BINUNICODE of 4294967295 bytes",
                new PickleBytes().proto(2).op('X').raw(le32(0xffffffffL)).text("abc").stop().bytes());
        checkpoint("binbytes8-2^62", "BINBYTES8 of 4611686018427387904 bytes",
                new PickleBytes().proto(4).op((char) 0x8e).raw(le64(1L << 62)).text("abc").stop().bytes());
        checkpoint("binstring-negative", "negative length",
                new PickleBytes().proto(2).op('T').raw(le32(0x80000000L)).stop().bytes());

        checkpoint("deep-list-in-k", "nestingDepth", sae(new PickleBytes().repeat('(', DEEP).repeat('l', DEEP)));
        checkpoint("deep-dict", "nestingDepth", deepDict());
        checkpoint("deep-tuple", "nestingDepth",
                new PickleBytes().proto(2).emptyTuple().repeat((char) 0x85, DEEP).stop().bytes());
        p = new PickleBytes().proto(2).emptyDict().repeat('(', DEEP).repeat('l', DEEP).op('N').op('s').stop();
        checkpoint("deep-list-as-key", "uses a list as a dictionary key", p.bytes());
        p = new PickleBytes().proto(2).emptyDict().op(']').raw((byte) 'q', (byte) 0).raw((byte) 'h', (byte) 0).op('a')
                .op('N').op('s').stop();
        checkpoint("self-containing-list-as-key", "uses a list as a dictionary key", p.bytes());
        checkpoint("self-containing-list-in-k", "contains itself",
                sae(new PickleBytes().op(']').raw((byte) 'q', (byte) 0).raw((byte) 'h', (byte) 0).op('a')));
        p = new PickleBytes().proto(4).op((char) 0x8f).mark().op(']').op((char) 0x91).stop(); // EMPTY_SET ( [] FROZENSET
        checkpoint("list-in-frozenset", "as a dictionary key or set member", p.bytes());
        byte[] flood = new byte[4_000_004];
        for (int i = 0; i + 1 < flood.length; i += 2) {
            flood[i] = 'N';
            flood[i + 1] = '0';
        }
        flood[flood.length - 2] = 'N';
        flood[flood.length - 1] = '.';
        checkpoint("four-million-opcodes", "pickleOps", flood);

        byte[] stride0 = new PickleBytes().proto(2).emptyDict().mark().str("t")
                .floatTensor("0", 64, 0, new long[] {536_870_912}, new long[] {0}).setItems().stop().bytes();
        checkpointWith("stride-0-536m-elements", "stride-0 or overlapping view", stride0, Map.of("0", new byte[256]));
        byte[] overflow = tensor("0", 64, new PickleBytes().longs(1L << 40, 1L << 40), new PickleBytes().longs(1L << 40, 1));
        checkpointWith("shape-overflow", "element count overflows", overflow, Map.of("0", new byte[256]));
        byte[] hugeStorage = new PickleBytes().proto(2).mark().str("storage").global("torch", "FloatStorage")
                .str("0").str("cpu").long1(1L << 62).tuple().binPersId().stop().bytes();
        checkpointWith("storage-numel-2^62", "more bytes than a file can hold", hugeStorage, Map.of("0", new byte[4]));

        Path marker = root.resolve("pwned");
        byte[] system = new PickleBytes().proto(2).global("os", "system").mark().str("touch " + marker).tuple().reduce()
                .stop().bytes();
        add(checkpointCase("os-system", "refers to os.system", zip(system, Map.of()), marker));
        byte[] exec = new PickleBytes().proto(4).str("builtins").str("exec").stackGlobal()
                .mark().str("open('" + marker + "', 'w')").tuple().reduce().stop().bytes();
        add(checkpointCase("exec-by-stack-global", "refers to builtins.exec", zip(exec, Map.of()), marker));
        byte[] deepThenSystem = new PickleBytes().proto(2).repeat('(', DEEP).repeat('l', DEEP).op('0')
                .global("posix", "system").mark().str("touch " + marker).tuple().reduce().stop().bytes();
        add(checkpointCase("deep-then-posix-system", "refers to posix.system", zip(deepThenSystem, Map.of()), marker));
    }

    // ---- zips that lie ----

    private void zips() throws IOException {
        byte[] pickle = new PickleBytes().proto(2).emptyDict().stop().bytes();
        add(checkpointCase("byteorder-declares-2147483000", "byteorder entry of 2147483000 bytes", new HandZip()
                .stored("archive/data.pkl", pickle)
                .deflated("archive/byteorder", new byte[1 << 16], 4, 2_147_483_000L).bytes(), null));
        add(checkpointCase("data-pkl-declares-2g", "pickleBytes", new HandZip()
                .deflated("archive/data.pkl", pickle, 2_147_000_000L).bytes(), null));
        byte[] bomb = tensor("0", 25 << 20, new PickleBytes().ints(25 << 20), new PickleBytes().ints(1));
        add(checkpointCase("deflated-storage-100mb-bomb", "inflatedBytes", new HandZip()
                .stored("archive/data.pkl", bomb)
                .deflated("archive/data/0", new byte[1 << 20], 100, -1).bytes(), null));
        add(checkpointCase("zip64-local-offset-near-2^63", "outside the file", new HandZip()
                .stored("archive/data.pkl", pickle).localOffset(Long.MAX_VALUE - 16).bytes(), null));
        add(checkpointCase("zip64-directory-near-2^63", "zip64 directory record outside the file", new HandZip()
                .stored("archive/data.pkl", pickle).zip64DirectoryAt(Long.MAX_VALUE - 40).bytes(), null));
        add(checkpointCase("legacy-pickle", "legacy (pre-1.6) format",
                new PickleBytes().proto(2).emptyDict().stop().bytes(), null));
        add(checkpointCase("empty-file", "too short to be a zip file", new byte[0], null));
    }

    // ---- --pixel-values FILE:pixel_values ----

    private void pixelValues() throws IOException {
        pixels("shape-2^52-3-224-224", "element count overflows",
                "{\"pixel_values\":{\"dtype\":\"F32\",\"shape\":[4503599627370496,3,224,224],\"data_offsets\":[0,602112]}}",
                602_112);
        pixels("shape-2^52+1-wraps-to-one-image", "element count overflows",
                "{\"pixel_values\":{\"dtype\":\"F32\",\"shape\":[4503599627370497,3,224,224],\"data_offsets\":[0,602112]}}",
                602_112);
        pixels("metadata-null-value", "not a string",
                "{\"__metadata__\":{\"format\":null},\"pixel_values\":{\"dtype\":\"F32\",\"shape\":[1,3,224,224],"
                        + "\"data_offsets\":[0,602112]}}", 602_112);
        pixels("shape-abc", "shape that is not a list of non-negative integers",
                "{\"pixel_values\":{\"dtype\":\"F32\",\"shape\":[\"abc\"],\"data_offsets\":[0,4]}}", 4);
        pixels("offsets-1e30", "data_offsets",
                "{\"pixel_values\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,1e30]}}", 4);
        pixels("json-200k-deep", "nestingDepth",
                "{\"__metadata__\":" + "[".repeat(200_000) + "]".repeat(200_000) + "}", 0);
        Path declared = dir("header-length-2^62").resolve("pixels.safetensors");
        Files.write(declared, concat(le64(1L << 62), "{}".getBytes(StandardCharsets.UTF_8)));
        add(pixelCase("header-length-2^62", declared, "declares a header of 4611686018427387904 bytes", Map.of()));
        Path big = dir("header-over-jsonBytes").resolve("pixels.safetensors");
        String padded = "{\"__metadata__\":{\"pad\":\"" + " ".repeat(2_000_000) + "\"}}";
        Files.write(big, safetensors(padded, 0));
        add(pixelCase("header-over-jsonBytes", big, "jsonBytes", Map.of(Limit.JSON_BYTES, 1_000_000L)));
        add(pixelCase("pixel-values-dev-zero", Path.of("/dev/zero"), "not a regular file", Map.of()));
    }

    private void pixels(String name, String mustSay, String header, int dataBytes) throws IOException {
        Path file = dir(name).resolve("pixels.safetensors");
        Files.write(file, safetensors(header, dataBytes));
        add(pixelCase(name, file, mustSay, Map.of()));
    }

    private Case pixelCase(String name, Path file, String mustSay, Map<Limit, Long> limits) {
        return new Case(name, file, mustSay, List.of("--pixel-values", file + ":pixel_values",
                "--clip", Fixtures.clip().toString(), "--saes", Fixtures.saes().toString(), "--layers", "2"),
                limits, null, () -> Safetensors.open(file).tensor("pixel_values"));
    }

    // ---- --clip folders with one bad file ----

    private void clipFolders() throws IOException, InterruptedException {
        config("heads-0", "num_attention_heads 0", v -> v.replace("\"num_attention_heads\": 4", "\"num_attention_heads\": 0"));
        config("heads-5-of-64", "does not split evenly into 5 attention heads",
                v -> v.replace("\"num_attention_heads\": 4", "\"num_attention_heads\": 5"));
        config("intermediate-negative", "intermediate_size -256",
                v -> v.replace("\"intermediate_size\": 256", "\"intermediate_size\": -256"));
        config("hidden-10^12", "not a whole number of a plausible size",
                v -> v.replace("\"hidden_size\": 64", "\"hidden_size\": 1000000000000"));
        config("image-size-10^6", "image_size 1000000",
                v -> v.replace("\"image_size\": 224", "\"image_size\": 1000000"));
        config("eps-abc", "not a number", v -> v.replace("\"layer_norm_eps\": 1e-05", "\"layer_norm_eps\": \"abc\""));
        config("config-200k-deep", "nestingDepth",
                v -> v.replace("\"architectures\": [", "\"deep\": " + "[".repeat(200_000) + "]".repeat(200_000)
                        + ", \"architectures\": ["));

        Path fifoFolder = clipCopy("config-fifo");
        Files.delete(fifoFolder.resolve("config.json"));
        mkfifo(fifoFolder.resolve("config.json"));
        Path fifo = fifoFolder.resolve("config.json");
        add(new Case("config-fifo", fifoFolder, "config.json", forwardWithClip(fifoFolder), Map.of(), null,
                () -> VisionConfig.read(fifo)));

        Path weights = clipCopy("weights-header-length-2^62");
        Path model = weights.resolve("model.safetensors");
        Files.write(model, concat(le64(1L << 62), "{}".getBytes(StandardCharsets.UTF_8)));
        add(new Case("weights-header-length-2^62", model, "declares a header", forwardWithClip(weights), Map.of(), null,
                () -> Safetensors.open(model)));

        Path pre = clipCopy("preprocessor-crop-10^9");
        Path preFile = pre.resolve("preprocessor_config.json");
        Files.writeString(preFile, "{\"crop_size\": 1000000000, \"size\": 224}");
        add(new Case("preprocessor-crop-10^9", preFile, "\"crop_size\"", forwardWithClip(pre), Map.of(), null,
                () -> PreprocessorConfig.read(preFile)));
    }

    private void config(String name, String mustSay, java.util.function.UnaryOperator<String> edit) throws IOException {
        Path folder = clipCopy(name);
        Path config = folder.resolve("config.json");
        String text = Files.readString(config);
        String edited = edit.apply(text);
        if (edited.equals(text)) {
            throw new IllegalStateException("the fixture config changed; " + name + " edits nothing");
        }
        Files.writeString(config, edited);
        add(new Case(name, config, mustSay, forwardWithClip(folder), Map.of(), null, () -> VisionConfig.read(config)));
    }

    private Path clipCopy(String name) throws IOException {
        Path folder = dir(name).resolve("clip");
        Files.createDirectories(folder);
        for (String f : List.of("config.json", "preprocessor_config.json", "model.safetensors")) {
            Files.copy(Fixtures.clip().resolve(f), folder.resolve(f));
        }
        return folder;
    }

    private static List<String> forwardWithClip(Path clip) {
        return List.of("--images", Fixtures.image("gradient").toString(), "--clip", clip.toString(),
                "--saes", Fixtures.saes().toString(), "--layers", "2");
    }

    // ---- --images ----

    private void images() throws IOException, InterruptedException {
        Path huge = dir("png-20000x20000").resolve("zeros.png");
        Files.write(huge, hugeBlankPng(20_000, 20_000));
        image("png-20000x20000", huge, "imagePixels", Map.of());
        Path jpeg = dir("jpeg-65500x65500").resolve("claims.jpg");
        Files.write(jpeg, jpegClaiming(65_500, 65_500));
        image("jpeg-65500x65500", jpeg, "imagePixels", Map.of());
        image("dev-zero", Path.of("/dev/zero"), "not a regular file", Map.of());
        Path fifo = dir("image-fifo").resolve("photo.png");
        mkfifo(fifo);
        image("image-fifo", fifo, "not a regular file", Map.of());
        image("image-folder", dir("image-folder"), "is a folder", Map.of());
        Path big = dir("image-over-imageBytes").resolve("astronaut.png");
        Files.copy(Fixtures.image("astronaut"), big);
        image("image-over-imageBytes", big, "imageBytes", Map.of(Limit.IMAGE_BYTES, 100_000L));
        Path cut = dir("png-truncated").resolve("cut.png");
        byte[] whole = Files.readAllBytes(Fixtures.image("chelsea"));
        Files.write(cut, Arrays.copyOf(whole, whole.length / 2));
        image("png-truncated", cut, "truncated or damaged", Map.of());
    }

    private void image(String name, Path file, String mustSay, Map<Limit, Long> limits) {
        add(new Case(name, file, mustSay, List.of("--images", file.toString(), "--clip", Fixtures.clip().toString(),
                "--saes", Fixtures.saes().toString(), "--layers", "2"), limits, null, () -> ImageDecoder.read(file)));
    }

    // ---- arguments ----

    private void arguments() {
        Path nowhere = root.resolve("nonexistent-dir");
        add(new Case("clip-nonexistent-dir", nowhere, "no file or folder", List.of("--images",
                Fixtures.image("gradient").toString(), "--clip", nowhere.toString(), "--saes",
                Fixtures.saes().toString(), "--layers", "2"), Map.of(), null,
                () -> Hub.fromEnvironment().file(Source.parse(nowhere.toString()), "config.json")));
        Path saesNowhere = root.resolve("no-saes-here");
        add(new Case("saes-nonexistent-dir", saesNowhere, "no file or folder", List.of("--images",
                Fixtures.image("gradient").toString(), "--clip", Fixtures.clip().toString(), "--saes",
                saesNowhere.toString(), "--layers", "2"), Map.of(), null,
                () -> Hub.fromEnvironment().saeCheckpoints(Source.parse(saesNowhere.toString()))));
    }

    // ---- makers ----

    private void checkpoint(String name, String mustSay, byte[] pickle) throws IOException {
        add(checkpointCase(name, mustSay, zip(pickle, Map.of()), null));
    }

    private void checkpointWith(String name, String mustSay, byte[] pickle, Map<String, byte[]> storages)
            throws IOException {
        add(checkpointCase(name, mustSay, zip(pickle, storages), null));
    }

    /** A checkpoint at {@code <case>/saes/2_resid/1000.pt}, where a folder source finds layer 2's SAE. */
    private Case checkpointCase(String name, String mustSay, byte[] fileBytes, Path marker) throws IOException {
        Path saes = dir(name).resolve("saes");
        Path file = saes.resolve("2_resid").resolve("1000.pt");
        Files.createDirectories(file.getParent());
        Files.write(file, fileBytes);
        return new Case(name, file, mustSay, List.of("--images", Fixtures.image("gradient").toString(),
                "--clip", Fixtures.clip().toString(), "--saes", saes.toString(), "--layers", "2"), Map.of(), marker,
                () -> SaeCheckpoint.read(file));
    }

    /** A torch.save-style zip holding {@code pickle}. */
    private static byte[] zip(byte[] pickle, Map<String, byte[]> storages) {
        HandZip zip = new HandZip().stored("archive/data.pkl", pickle).stored("archive/byteorder", "little".getBytes());
        storages.forEach((k, v) -> zip.stored("archive/data/" + k, v));
        return zip.stored("archive/version", "3\n".getBytes()).bytes();
    }

    /** A clipscope-like checkpoint dict whose {@code 'k'} is the value {@code k} pushes. */
    private static byte[] sae(PickleBytes k) {
        byte[] head = new PickleBytes().proto(2).emptyDict().mark().str("k").bytes();
        byte[] tail = new PickleBytes().str("d_in").integer(64).setItems().stop().bytes();
        return concat(head, k.bytes(), tail);
    }

    /** {@code {'a': {'a': … {} …}}}, {@link #DEEP} levels. */
    private static byte[] deepDict() {
        PickleBytes p = new PickleBytes().proto(2);
        for (int i = 0; i < DEEP; i++) {
            p.mark().str("a");
        }
        return p.emptyDict().repeat('d', DEEP).stop().bytes();
    }

    /** {@code {'t': _rebuild_tensor_v2(storage, 0, size, stride, …)}} with the size and stride tuples given. */
    private static byte[] tensor(String key, long numel, PickleBytes size, PickleBytes stride) {
        PickleBytes p = new PickleBytes().proto(2).emptyDict().mark().str("t")
                .global("torch._utils", "_rebuild_tensor_v2").mark()
                .mark().str("storage").global("torch", "FloatStorage").str(key).str("cpu").long1(numel).tuple()
                .binPersId().integer(0);
        return concat(p.bytes(), size.bytes(), stride.bytes(), new PickleBytes().op((char) 0x89)
                .global("collections", "OrderedDict").emptyTuple().reduce().tuple().reduce().setItems().stop().bytes());
    }

    private static byte[] safetensors(String header, int dataBytes) {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        return concat(le64(h.length), h, new byte[dataBytes]);
    }

    /** A 1-bit greyscale PNG of zeros: a few KB that decode to width × height pixels. */
    static byte[] hugeBlankPng(int width, int height) throws IOException {
        ByteArrayOutputStream idat = new ByteArrayOutputStream();
        try (DeflaterOutputStream z = new DeflaterOutputStream(idat, new Deflater(Deflater.BEST_COMPRESSION))) {
            byte[] row = new byte[1 + (width + 7) / 8];
            for (int y = 0; y < height; y++) {
                z.write(row);
            }
        }
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        png.writeBytes(new byte[] {(byte) 137, 80, 78, 71, 13, 10, 26, 10});
        ByteBuffer ihdr = ByteBuffer.allocate(13).putInt(width).putInt(height).put((byte) 1).put((byte) 0)
                .put((byte) 0).put((byte) 0).put((byte) 0);
        chunk(png, "IHDR", ihdr.array());
        chunk(png, "IDAT", idat.toByteArray());
        chunk(png, "IEND", new byte[0]);
        return png.toByteArray();
    }

    static void chunk(ByteArrayOutputStream png, String type, byte[] data) throws IOException {
        DataOutputStream out = new DataOutputStream(png);
        byte[] t = type.getBytes(StandardCharsets.US_ASCII);
        out.writeInt(data.length);
        out.write(t);
        out.write(data);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        out.writeInt((int) crc.getValue());
    }

    /** A real 8 × 8 JPEG whose frame header is edited to claim another size. */
    static byte[] jpegClaiming(int width, int height) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB), "jpeg", out);
        byte[] b = out.toByteArray();
        for (int i = 0; i + 8 < b.length; i++) {
            if ((b[i] & 0xff) == 0xff && (b[i + 1] & 0xff) == 0xc0) { // SOF0: length, precision, height, width
                b[i + 5] = (byte) (height >>> 8);
                b[i + 6] = (byte) height;
                b[i + 7] = (byte) (width >>> 8);
                b[i + 8] = (byte) width;
                return b;
            }
        }
        throw new IllegalStateException("ImageIO wrote a JPEG without a baseline frame header");
    }

    static void mkfifo(Path path) throws IOException, InterruptedException {
        Files.createDirectories(path.getParent());
        Process p = new ProcessBuilder("mkfifo", path.toString()).inheritIO().start();
        if (p.waitFor() != 0) {
            throw new IOException("mkfifo " + path + " failed");
        }
    }

    private Path dir(String name) throws IOException {
        return Files.createDirectories(root.resolve(name));
    }

    private void add(Case c) {
        cases.add(c);
    }

    private static byte[] le32(long v) {
        return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt((int) v).array();
    }

    private static byte[] le64(long v) {
        return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(v).array();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
