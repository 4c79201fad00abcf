package dev.scope.cli;

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

/**
 * {@code ./scope weights}: says whether the weights a scope needs are here (a local folder or the
 * Hugging Face cache), and with {@code --fetch} downloads the missing ones into the cache.
 * {@code --probe} prints one word for scripts: {@code local} (everything is here), {@code hub}
 * (something is missing but the hub answers, so a first run downloads it) or {@code none}.
 */
final class WeightsCommand {
    static final String USAGE = """
            usage: ./scope weights [--layers 22|2,5|all] [--clip DIR|REPO] [--saes DIR|REPO] [--fetch | --probe]
              --layers defaults to $SCOPE_LAYERS, else 22, as for %scope load; reports which weight files are local (folder or Hugging Face cache) and which are missing;
              --fetch downloads the missing ones into the Hugging Face cache (about 1.7 GB for CLIP and
              537 MB per layer); --probe prints one word: local, hub (missing but downloadable) or none.""";

    private static final Set<String> OPTIONS = Set.of("clip", "saes", "layers");
    private static final Set<String> FLAGS = Set.of("fetch", "probe", "help");
    private static final List<Integer> DEFAULT_LAYERS = List.of(22);

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
        List<String> given = new ArrayList<>(argv);
        String envLayers = environment.get("SCOPE_LAYERS");
        if (envLayers != null && !envLayers.isBlank()
                && given.stream().noneMatch(x -> x.equals("--layers") || x.startsWith("--layers="))) {
            given.addAll(List.of("--layers", envLayers.strip())); // the layers %scope load takes by default
        }
        Args a = Args.parse(given, OPTIONS, FLAGS);
        if (a.flag("help")) {
            out.println(USAGE);
            return 0;
        }
        if (a.flag("fetch") && a.flag("probe")) {
            throw new Args.UsageException("Give --fetch or --probe, not both.");
        }
        WeightSources env = WeightSources.fromEnvironment(environment);
        Source clip = a.get("clip") == null ? env.clip() : Source.parse(a.get("clip"));
        Source saes = a.get("saes") == null ? env.saes() : Source.parse(a.get("saes"));
        HubSettings settings = HubSettings.fromEnvironment(environment, home);
        Hub cacheOnly = new Hub(settings.withOffline(true));

        List<Needed> needed = new ArrayList<>();
        for (String file : WeightSources.CLIP_FILES) {
            needed.add(find(cacheOnly, clip, file));
        }
        for (String file : saeFiles(cacheOnly, saes, a)) {
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
    private static List<String> saeFiles(Hub cacheOnly, Source saes, Args a) throws IOException {
        List<Integer> asked = a.get("layers") == null ? DEFAULT_LAYERS : a.layers("layers");
        SaeCheckpoints checkpoints = null;
        try {
            checkpoints = cacheOnly.saeCheckpoints(saes);
        } catch (NotCachedException | EntryNotFoundException e) {
            if (saes instanceof Source.Local) {
                throw e;
            }
        }
        boolean published = saes instanceof Source.Repo r && r.repoId().equals(WeightSources.SCOPE_REPO);
        List<Integer> layers = asked.isEmpty()
                ? (checkpoints != null && !published ? List.copyOf(checkpoints.layers()) : WeightSources.SCOPE_LAYERS)
                : asked;
        List<String> files = new ArrayList<>();
        for (int layer : layers) {
            if (checkpoints != null && checkpoints.layers().contains(layer)) {
                files.add(checkpoints.file(layer));
            } else if (checkpoints != null && !published) {
                files.add(checkpoints.file(layer)); // throws: names the layers this source has
            } else {
                files.add(WeightSources.scopeFile(layer));
            }
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
