package dev.scope.engine.hub;

import dev.scope.engine.Fixtures;

import java.io.IOException;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The fake hub as a process on 127.0.0.1, for trying {@code ./scope weights} (or Python's huggingface_hub)
 * against it by hand: the tiny CLIP under the real CLIP repo name, and eight random SAE-sized-down files
 * under the real scope repo name, behind a CDN with presigned links and a throttled link. Stops when its
 * standard input closes.
 *
 * <pre>
 * java -cp engine/target/test-classes:engine/target/classes:$(cat cp.txt) dev.scope.engine.hub.FakeHubMain \
 *      MB_PER_LAYER LINK_MB_S CONNECTION_MB_S FIRST_BYTE_MS [CUTS]
 * </pre>
 */
public final class FakeHubMain {
    private FakeHubMain() {
    }

    public static void main(String[] args) throws IOException {
        int mbPerLayer = args.length > 0 ? Integer.parseInt(args[0]) : 8;
        double link = args.length > 1 ? Double.parseDouble(args[1]) : 0;
        double connection = args.length > 2 ? Double.parseDouble(args[2]) : link;
        long firstByte = args.length > 3 ? Long.parseLong(args[3]) : 0;
        int cuts = args.length > 4 ? Integer.parseInt(args[4]) : 0;
        try (FakeHub hub = new FakeHub()) {
            hub.add(HubTestRepos.CLIP, Map.of("config.json", Fixtures.clip().resolve("config.json"),
                    "preprocessor_config.json", Fixtures.clip().resolve("preprocessor_config.json"),
                    "model.safetensors", Fixtures.clip().resolve("model.safetensors")), Set.of("model.safetensors"));
            Map<String, byte[]> layers = new TreeMap<>();
            for (int layer : WeightSources.SCOPE_LAYERS) {
                layers.put(WeightSources.scopeFile(layer), HubResilienceTest.randomBytes(mbPerLayer << 20, layer));
            }
            layers.put("README.md", "# scope, sized down\n".getBytes());
            Set<String> lfs = new java.util.TreeSet<>(layers.keySet());
            lfs.remove("README.md");
            hub.addBytes(HubTestRepos.SCOPE, layers, lfs, null, true);
            hub.startCdn();
            if (link > 0) {
                hub.blobs().throttleLink((long) (link * 1e6), (long) (connection * 1e6), firstByte);
            }
            if (cuts > 0) {
                hub.blobs().cut(cuts, (mbPerLayer << 20) / 3);
            }
            System.out.println(hub.endpoint());
            System.out.flush();
            while (System.in.read() >= 0) {
                // serve until stdin closes
            }
        }
    }
}
