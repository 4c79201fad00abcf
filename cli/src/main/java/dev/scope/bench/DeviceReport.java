package dev.scope.bench;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The rows of {@link DeviceBench} beside the GPU peer's ({@code peer.py --json}), as a markdown table
 * and as JSON. Ratio = the peer's ms over ours: above 1, ours is faster. The tower is compared both as
 * the scope runs it (to its layer) and like for like (all blocks and the post-LayerNorm, as
 * transformers' pass).
 */
public record DeviceReport(String device, String engine, String plan, int layer, List<DeviceBench.Row> rows,
                           Map<String, Peer> peers) {

    /** One peer run: its torch version, GPU name and rows keyed by batch. */
    public record Peer(String torch, String gpu, Map<Integer, PeerRow> rows) {
    }

    /** What the peer timed at one batch size. */
    public record PeerRow(double towerMs, double saeAllTokensMs, double saeClsMs) {
    }

    /** Reads {@code peer.py --json} files; each holds one dtype. */
    public static Map<String, Peer> readPeers(List<Path> files) throws IOException {
        Map<String, Peer> peers = new LinkedHashMap<>();
        for (Path file : files) {
            JsonObject root;
            try {
                root = JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8)).getAsJsonObject();
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(file + " is not the JSON peer.py --json writes (" + e.getMessage() + ").");
            }
            if (!root.has("rows")) {
                throw new IllegalArgumentException(file + " has no \"rows\"; pass the JSON peer.py --json writes.");
            }
            String dtype = null;
            Map<Integer, PeerRow> rows = new LinkedHashMap<>();
            for (JsonElement e : root.getAsJsonArray("rows")) {
                JsonObject o = e.getAsJsonObject();
                dtype = o.get("dtype").getAsString();
                rows.put(o.get("batch").getAsInt(), new PeerRow(o.get("tower_ms").getAsDouble(),
                        o.get("sae_all_tokens_ms").getAsDouble(), o.get("sae_cls_ms").getAsDouble()));
            }
            if (dtype != null) {
                peers.put(dtype, new Peer(text(root, "torch"), text(root, "gpu"), rows));
            }
        }
        return peers;
    }

    private static String text(JsonObject o, String name) {
        return o.has(name) && !o.get(name).isJsonNull() ? o.get(name).getAsString() : "";
    }

    private Optional<PeerRow> peer(DeviceBench.Row r) {
        Peer p = peers.get(r.dtype());
        return p == null ? Optional.empty() : Optional.ofNullable(p.rows().get(r.batch()));
    }

    /** The peer's GPU name, where a peer ran. */
    public String peerGpu() {
        return peers.values().stream().map(Peer::gpu).filter(g -> !g.isEmpty()).findFirst().orElse("");
    }

    public String markdown() {
        StringBuilder b = new StringBuilder();
        b.append("Device: ").append(device).append(peerGpu().isEmpty() ? "" : " (" + peerGpu() + ")")
                .append("; ").append(engine).append("; ").append(plan).append('\n');
        peers.forEach((dtype, p) -> b.append("Peer ").append(dtype).append(": PyTorch ").append(p.torch())
                .append(" with transformers' CLIPVisionModel and clipscope's dense SAE, same shapes, random weights\n"));
        b.append("\nMedian ms; ratio = PyTorch ms / ours (above 1: ours is faster). The tower: ours up to block ")
                .append(layer).append(", as the scope runs it, then like for like through every block and the")
                .append(" post-LayerNorm, as transformers' pass; PyTorch's runs every block.\n\n");
        b.append("| dtype | batch | tower to block " + layer + ", ours | tower, all blocks, ours | tower, PyTorch"
                + " | ratio (block " + layer + ") | ratio (all blocks) | SAE all tokens, ours | SAE all tokens, clipscope"
                + " | ratio | SAE CLS, ours | SAE CLS, clipscope | ratio |\n");
        b.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (DeviceBench.Row r : rows) {
            Optional<PeerRow> p = peer(r);
            b.append(String.format(Locale.ROOT, "| %s | %d | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |%n",
                    r.dtype(), r.batch(), ms(r.towerMs()), ms(r.towerAllBlocksMs()),
                    p.map(x -> ms(x.towerMs())).orElse("–"), ratio(p.map(PeerRow::towerMs), r.towerMs()),
                    ratio(p.map(PeerRow::towerMs), r.towerAllBlocksMs()),
                    ms(r.saeAllTokensMs()), p.map(x -> ms(x.saeAllTokensMs())).orElse("–"),
                    ratio(p.map(PeerRow::saeAllTokensMs), r.saeAllTokensMs()),
                    ms(r.saeClsMs()), p.map(x -> ms(x.saeClsMs())).orElse("–"),
                    ratio(p.map(PeerRow::saeClsMs), r.saeClsMs())));
        }
        b.append('\n');
        for (String line : targets()) {
            b.append("- ").append(line).append('\n');
        }
        return b.toString();
    }

    /** The targets, checked: the whole tower at or under PyTorch's time, the SAE on all tokens at most half of clipscope's. */
    public List<String> targets() {
        List<String> out = new ArrayList<>();
        for (DeviceBench.Row r : rows) {
            peer(r).ifPresent(p -> {
                out.add(String.format(Locale.ROOT, "%s batch %d: tower (all blocks) %s PyTorch's (%.2f× of its time); "
                                + "SAE on %d tokens %s half of clipscope's (%.2f× of its time)", r.dtype(), r.batch(),
                        r.towerAllBlocksMs() <= p.towerMs() ? "MEETS: at or under" : "MISSES: over",
                        r.towerAllBlocksMs() / p.towerMs(), r.tokens(),
                        r.saeAllTokensMs() <= p.saeAllTokensMs() / 2 ? "MEETS: at most" : "MISSES: over",
                        r.saeAllTokensMs() / p.saeAllTokensMs()));
            });
        }
        if (out.isEmpty()) {
            out.add("no peer timings given: the ratios and targets need peer.py run on the same device (--peer)");
        }
        return out;
    }

    public String json() {
        JsonObject root = new JsonObject();
        root.addProperty("device", device);
        root.addProperty("gpu", peerGpu());
        root.addProperty("engine", engine);
        root.addProperty("plan", plan);
        root.addProperty("layer", layer);
        JsonArray array = new JsonArray();
        for (DeviceBench.Row r : rows) {
            JsonObject o = new JsonObject();
            o.addProperty("dtype", r.dtype());
            o.addProperty("batch", r.batch());
            o.addProperty("tokens", r.tokens());
            o.add("tower_ms", num(r.towerMs()));
            o.add("tower_all_blocks_ms", num(r.towerAllBlocksMs()));
            o.add("sae_all_tokens_ms", num(r.saeAllTokensMs()));
            o.add("sae_cls_ms", num(r.saeClsMs()));
            Optional<PeerRow> p = peer(r);
            o.add("peer_tower_ms", p.map(x -> num(x.towerMs())).orElse(JsonNull.INSTANCE));
            o.add("peer_sae_all_tokens_ms", p.map(x -> num(x.saeAllTokensMs())).orElse(JsonNull.INSTANCE));
            o.add("peer_sae_cls_ms", p.map(x -> num(x.saeClsMs())).orElse(JsonNull.INSTANCE));
            o.add("ratio_tower", p.map(x -> num(x.towerMs() / r.towerMs())).orElse(JsonNull.INSTANCE));
            o.add("ratio_tower_all_blocks", p.map(x -> num(x.towerMs() / r.towerAllBlocksMs())).orElse(JsonNull.INSTANCE));
            o.add("ratio_sae_all_tokens", p.map(x -> num(x.saeAllTokensMs() / r.saeAllTokensMs())).orElse(JsonNull.INSTANCE));
            o.add("ratio_sae_cls", p.map(x -> num(x.saeClsMs() / r.saeClsMs())).orElse(JsonNull.INSTANCE));
            array.add(o);
        }
        root.add("rows", array);
        JsonArray targets = new JsonArray();
        targets().forEach(targets::add);
        root.add("targets", targets);
        return new GsonBuilder().setPrettyPrinting().create().toJson(root);
    }

    private static String ms(double ms) {
        return String.format(Locale.ROOT, ms < 10 ? "%.2f" : "%.1f", ms);
    }

    private static String ratio(Optional<Double> peerMs, double oursMs) {
        return peerMs.map(p -> String.format(Locale.ROOT, "%.2f×", p / oursMs)).orElse("–");
    }

    private static JsonElement num(double x) {
        return Double.isNaN(x) || Double.isInfinite(x) ? JsonNull.INSTANCE
                : new JsonPrimitive(Math.round(x * 1000) / 1000.0);
    }
}
