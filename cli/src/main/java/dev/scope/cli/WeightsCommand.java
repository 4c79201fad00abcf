package dev.scope.cli;

import dev.scope.engine.Layers;
import dev.scope.engine.ScopeSpec;
import dev.scope.engine.hub.EntryNotFoundException;
import dev.scope.engine.hub.Hub;
import dev.scope.engine.hub.HubSettings;
import dev.scope.engine.hub.NotCachedException;
import dev.scope.engine.hub.SaeCheckpoints;
import dev.scope.engine.hub.Source;
import dev.scope.engine.hub.TransferProgress;
import dev.scope.engine.hub.WeightSources;

import java.io.IOException;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * {@code ./scope weights}: says whether the weights a scope needs are here (a local folder or the
 * Hugging Face cache), and with {@code --fetch} downloads the missing ones into the cache.
 * {@code --probe} prints one word for scripts: {@code local} (everything is here), {@code hub}
 * (something is missing but the hub answers, so a first run downloads it) or {@code none}.
 */
final class WeightsCommand {
    static final String USAGE = """
            usage: ./scope weights [--layers 22|2,5|all] [--clip DIR|REPO] [--saes DIR|REPO] [--fetch | --probe]
              --layers defaults to $SCOPE_LAYERS, else the deepest (22), as everywhere; reports which weight files are local (folder or Hugging Face cache) and which are missing;
              --fetch downloads the missing ones into the Hugging Face cache (about 1.7 GB for CLIP and
              537 MB per layer); --probe prints one word: local, hub (missing but downloadable) or none.""";

    private static final Set<String> OPTIONS = Set.of("clip", "saes", "layers");
    private static final Set<String> FLAGS = Set.of("fetch", "probe", "help");

    private WeightsCommand() {
    }

    /** One file the scope needs, and where it is if it is here. */
    private record Needed(Source source, String path, Path local) {
        String label() {
            return source instanceof Source.Local l ? l.path().resolve(path).toString() : source + " " + path;
        }
    }

    static int run(List<String> argv, PrintStream out) throws IOException {
        return run(argv, out, System.getenv(), Path.of(System.getProperty("user.home")));
    }

    /** With the environment ({@code SCOPE_CLIP}, {@code SCOPE_SAES}, {@code HF_*}) and home folder given. */
    static int run(List<String> argv, PrintStream out, Map<String, String> environment, Path home) throws IOException {
        Args a = Args.parse(argv, OPTIONS, FLAGS);
        if (a.flag("help")) {
            out.println(USAGE);
            return 0;
        }
        if (a.flag("fetch") && a.flag("probe")) {
            throw new Args.UsageException("Give --fetch or --probe, not both.");
        }
        ScopeSpec spec = ScopeSpec.fromEnvironment(environment).withOptions(a.options(OPTIONS));
        Source clip = spec.clip();
        Source saes = spec.saes();
        HubSettings settings = HubSettings.fromEnvironment(environment, home);
        Hub cacheOnly = new Hub(settings.withOffline(true));

        List<Needed> needed = new ArrayList<>();
        for (String file : WeightSources.CLIP_FILES) {
            needed.add(find(cacheOnly, clip, file));
        }
        for (String file : saeFiles(cacheOnly, saes, spec.layers())) {
            needed.add(find(cacheOnly, saes, file));
        }
        List<Needed> missing = needed.stream().filter(n -> n.local() == null).toList();

        if (a.flag("probe")) {
            out.println(missing.isEmpty() ? "local" : reachable(settings, missing) ? "hub" : "none");
            return 0;
        }
        for (Needed n : needed) {
            out.println((n.local() == null ? "missing  " : "here     ") + n.label());
        }
        if (missing.isEmpty()) {
            out.println("All " + needed.size() + " files are here (hub files in the cache " + settings.cacheDir()
                    + "); no download is needed.");
            return 0;
        }
        if (!a.flag("fetch")) {
            out.println(missing.size() + " of " + needed.size() + " files are missing; run ./scope weights --fetch"
                    + (a.get("layers") == null ? "" : " --layers " + a.get("layers"))
                    + " to download them into the Hugging Face cache " + settings.cacheDir() + ".");
            return 1;
        }
        for (Source.Local local : missing.stream().map(Needed::source).filter(s -> s instanceof Source.Local)
                .map(s -> (Source.Local) s).distinct().toList()) {
            throw new IllegalArgumentException("The local folder " + local.path() + " lacks files the scope needs ("
                    + missing.stream().filter(n -> n.source().equals(local)).map(Needed::path).toList()
                    + "); copy them there or point --clip/--saes (SCOPE_CLIP/SCOPE_SAES) at a complete folder.");
        }
        Hub online = new Hub(settings);
        for (Needed n : missing) {
            out.println("Fetching " + n.label() + " ...");
            Path got = online.file(n.source(), n.path(), new ConsoleProgress(out));
            out.println("  -> " + got);
        }
        out.println("Fetched " + missing.size() + " files into " + settings.cacheDir() + ".");
        return 0;
    }

    /** The checkpoint files of the layers asked for: from the cached listing, else the published names. */
    private static List<String> saeFiles(Hub cacheOnly, Source saes, Layers asked) throws IOException {
        SaeCheckpoints checkpoints = null;
        try {
            checkpoints = cacheOnly.saeCheckpoints(saes);
        } catch (NotCachedException | EntryNotFoundException e) {
            if (saes instanceof Source.Local) {
                throw e;
            }
        }
        boolean published = saes instanceof Source.Repo r && r.repoId().equals(WeightSources.SCOPE_REPO);
        SortedSet<Integer> offered = new TreeSet<>(checkpoints != null && !published ? checkpoints.layers()
                : WeightSources.SCOPE_LAYERS);
        List<String> files = new ArrayList<>();
        for (int layer : asked.pick(offered, "the layers with an SAE in " + saes)) {
            files.add(checkpoints != null && checkpoints.layers().contains(layer) ? checkpoints.file(layer)
                    : WeightSources.scopeFile(layer));
        }
        return files;
    }

    private static Needed find(Hub cacheOnly, Source source, String path) throws IOException {
        try {
            return new Needed(source, path, cacheOnly.file(source, path));
        } catch (NotCachedException | EntryNotFoundException e) {
            return new Needed(source, path, null);
        }
    }

    /** Whether the hub answers at all (any HTTP status); never when offline or a missing file is local. */
    private static boolean reachable(HubSettings settings, List<Needed> missing) {
        if (settings.offline() || missing.stream().anyMatch(n -> n.source() instanceof Source.Local)) {
            return false;
        }
        HttpClient client = HttpClient.newBuilder().connectTimeout(settings.requestTimeout()).build();
        HttpRequest request = HttpRequest.newBuilder(settings.endpoint().resolve("/api/models/" + WeightSources.SCOPE_REPO))
                .timeout(settings.requestTimeout()).method("HEAD", HttpRequest.BodyPublishers.noBody()).build();
        try {
            client.send(request, HttpResponse.BodyHandlers.discarding());
            return true;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** A line every tenth of the file, so logs (Binder's build log) stay short. */
    private static final class ConsoleProgress implements dev.scope.engine.hub.ProgressListener {
        private final PrintStream out;
        private int shownTenths = -1;

        ConsoleProgress(PrintStream out) {
            this.out = out;
        }

        @Override
        public void onProgress(TransferProgress p) {
            long total = p.totalBytes();
            int tenths = total <= 0 ? 0 : (int) (10 * p.bytesDone() / total);
            if (tenths > shownTenths) {
                shownTenths = tenths;
                out.printf("  %3d%%  %,d of %,d bytes%n", tenths * 10, p.bytesDone(), total);
            }
        }
    }
}
