package dev.scope.engine.sae;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A folder of SAEs laid out like {@code lewington/CLIP-ViT-L-scope}: one {@code <layer>_resid}
 * subfolder per layer holding {@code <tokens>.pt} checkpoints, where the file name is the number of
 * tokens the SAE was trained on. Where a layer has several, the one trained longest is taken.
 *
 * <pre>
 * jshell&gt; var saes = SaeFolder.scan(Path.of("CLIP-ViT-L-scope"));
 * jshell&gt; saes.layer(22).checkpoint()   // CLIP-ViT-L-scope/22_resid/1200013184.pt
 * </pre>
 */
public final class SaeFolder {
    private static final Pattern LAYER = Pattern.compile("(\\d+)_resid");
    private static final Pattern TOKENS = Pattern.compile("(\\d+)\\.pt");

    private final Path root;
    private final List<SaeLayer> layers;

    private SaeFolder(Path root, List<SaeLayer> layers) {
        this.root = root;
        this.layers = layers;
    }

    public static SaeFolder scan(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            throw new SaeException("The SAE folder " + folder + " does not exist; point it at a folder of"
                    + " <layer>_resid/<tokens>.pt checkpoints such as a download of lewington/CLIP-ViT-L-scope.");
        }
        List<SaeLayer> layers = new ArrayList<>();
        try (Stream<Path> children = Files.list(folder)) {
            for (Path dir : children.filter(Files::isDirectory).collect(Collectors.toList())) {
                Matcher m = LAYER.matcher(dir.getFileName().toString());
                if (m.matches()) {
                    layers.add(newest(dir, parseLayer(dir, m.group(1))));
                }
            }
        }
        if (layers.isEmpty()) {
            throw new SaeException("The SAE folder " + folder + " has no <layer>_resid subfolders; point it at a"
                    + " folder of <layer>_resid/<tokens>.pt checkpoints such as a download of lewington/CLIP-ViT-L-scope.");
        }
        layers.sort((a, b) -> Integer.compare(a.layer(), b.layer()));
        return new SaeFolder(folder, Collections.unmodifiableList(layers));
    }

    private static int parseLayer(Path dir, String digits) throws SaeException {
        try {
            return Integer.parseInt(digits);
        } catch (NumberFormatException e) {
            throw new SaeException("The SAE folder " + dir + " names layer " + digits + ", which is no layer number;"
                    + " rename it <layer>_resid.");
        }
    }

    private static SaeLayer newest(Path dir, int layer) throws IOException {
        SaeLayer best = null;
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(Files::isRegularFile).collect(Collectors.toList())) {
                Matcher m = TOKENS.matcher(file.getFileName().toString());
                if (!m.matches() || m.group(1).length() > 18) {
                    continue;
                }
                long tokens = Long.parseLong(m.group(1));
                if (best == null || tokens > best.tokenCount()) {
                    best = new SaeLayer(layer, file, tokens);
                }
            }
        }
        if (best == null) {
            throw new SaeException("The SAE folder " + dir + " holds no <tokens>.pt checkpoint (such as"
                    + " 1200013184.pt); download the layer's checkpoint into it or remove the folder.");
        }
        return best;
    }

    public Path root() {
        return root;
    }

    /** One entry per layer, in increasing layer order. */
    public List<SaeLayer> layers() {
        return layers;
    }

    public SaeLayer layer(int layer) throws SaeException {
        for (SaeLayer l : layers) {
            if (l.layer() == layer) {
                return l;
            }
        }
        throw new SaeException("The SAE folder " + root + " has no SAE for layer " + layer + "; it has layers "
                + layers.stream().map(l -> String.valueOf(l.layer())).collect(Collectors.joining(", ")) + ".");
    }

    @Override
    public String toString() {
        return "SaeFolder(" + root + ", layers " + layers.stream().map(l -> String.valueOf(l.layer()))
                .collect(Collectors.joining(", ")) + ")";
    }
}
