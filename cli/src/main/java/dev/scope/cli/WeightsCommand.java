package dev.scope.cli;

import dev.scope.engine.hub.EntryNotFoundException;
import dev.scope.engine.hub.Hub;
import dev.scope.engine.hub.HubSettings;
import dev.scope.engine.hub.NotCachedException;
import dev.scope.engine.hub.RepoFile;
import dev.scope.engine.hub.RepoListing;
import dev.scope.engine.hub.SaeCheckpoints;
import dev.scope.engine.hub.Source;
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
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * {@code ./scope weights}: says whether the weights a scope needs are here (a local folder or the
 * Hugging Face cache), and with {@code --fetch} downloads the missing ones into the cache, several at once
 * ({@code SCOPE_HUB_PARALLEL}) with one progress display for them all. Each layer's checkpoint is found in
 * the SAE source's listing, as {@code %scope load} finds it. {@code --probe} prints one word for scripts:
 * {@code local} (everything is here), {@code hub} (something is missing but the hub answers, so a first
 * run downloads it) or {@code none}; it asks the hub nothing but whether it answers.
 */
final class WeightsCommand {
    static final String USAGE = """
            usage: ./scope weights [--layers 22|2,5|all] [--clip DIR|REPO] [--saes DIR|REPO] [--fetch | --probe]
              --layers defaults to $SCOPE_LAYERS, else 22, as for %scope load; reports which weight files are local (folder or Hugging Face cache) and which are missing;
              --fetch downloads the missing ones into the Hugging Face cache (about 1.7 GB for CLIP and
              537 MB per layer), $SCOPE_HUB_PARALLEL (default 3) at a time, resuming after cuts and stalls;
              --probe prints one word: local, hub (missing but downloadable) or none.""";

    private static final Set<String> OPTIONS = Set.of("clip", "saes", "layers");
    private static final Set<String> FLAGS = Set.of("fetch", "probe", "help");
    private static final List<Integer> DEFAULT_LAYERS = List.of(22);
    /** How long Ctrl-C waits for the transfers to stop writing before the JVM exits. */
    private static final long STOP_WAIT_MILLIS = 10_000;

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
        Hub lister = a.flag("probe") ? cacheOnly : new Hub(settings);
        for (String file : saeFiles(lister, saes, a.get("layers") == null ? DEFAULT_LAYERS : a.layers("layers"))) {
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
        return fetch(new Hub(settings), missing, settings, out);
    }

    /** Downloads {@code missing} together with one progress display; Ctrl-C stops them all, keeping what arrived. */
    private static int fetch(Hub online, List<Needed> missing, HubSettings settings, PrintStream out)
            throws IOException {
        out.println("Fetching " + missing.size() + " files, up to " + settings.parallel()
                + " at a time (Ctrl-C stops; the next --fetch resumes):");
        List<RepoFile> files = missing.stream().map(n -> new RepoFile(n.source(), n.path())).toList();
        Thread fetching = Thread.currentThread();
        Thread stopOnExit = new Thread(() -> {
            fetching.interrupt(); // each transfer stops and keeps its partial file for the next run
            try {
                fetching.join(STOP_WAIT_MILLIS);
            } catch (InterruptedException ignored) {
                // exiting anyway
            }
        }, "scope-weights-stop");
        Runtime.getRuntime().addShutdownHook(stopOnExit);
        long start = System.nanoTime();
        ConsoleProgress progress = new ConsoleProgress(out);
        List<Path> got;
        try {
            got = online.files(files, progress);
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(stopOnExit);
            } catch (IllegalStateException exiting) {
                // the hook is running: it is what stopped the fetch
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        for (int i = 0; i < got.size(); i++) {
            out.println("  " + missing.get(i).label() + " -> " + got.get(i));
        }
        out.println("Fetched " + missing.size() + " files (" + ConsoleProgress.size(progress.total()) + ") into "
                + settings.cacheDir() + " in " + ConsoleProgress.duration(seconds) + ".");
        return 0;
    }

    /**
     * The checkpoint file of each layer asked for (empty: all the source has), from the SAE source's listing:
     * the hub's (offline or unreachable, the cached snapshot's), or the local folder's. A layer missing from a
     * complete listing (the hub's, a folder's) is an error naming the layers there are. A cached snapshot holds
     * only what was downloaded: for a layer it lacks, the published repo's file has its known name, and
     * another repo's cannot be known until the hub can be asked.
     */
    private static List<String> saeFiles(Hub lister, Source saes, List<Integer> asked) throws IOException {
        boolean published = saes instanceof Source.Repo r && r.repoId().equals(WeightSources.SCOPE_REPO);
        RepoListing listing = null;
        try {
            listing = lister.listing(saes);
        } catch (NotCachedException e) {
            if (!published) {
                throw e;
            }
        }
        boolean complete = listing != null && (listing.fromHub() || saes instanceof Source.Local);
        SaeCheckpoints checkpoints = null;
        SortedMap<Integer, String> found = new TreeMap<>();
        if (listing != null) {
            try {
                checkpoints = SaeCheckpoints.of(saes, listing);
                found.putAll(checkpoints.files());
            } catch (EntryNotFoundException none) {
                if (complete) {
                    throw none;
                }
            }
        }
        List<Integer> layers = !asked.isEmpty() ? asked
                : published || found.isEmpty() ? WeightSources.SCOPE_LAYERS : List.copyOf(found.keySet());
        List<String> files = new ArrayList<>();
        for (int layer : layers) {
            if (found.containsKey(layer)) {
                files.add(found.get(layer));
            } else if (complete && checkpoints != null) {
                files.add(checkpoints.file(layer)); // throws: names the layers this source has
            } else if (published) {
                files.add(WeightSources.scopeFile(layer));
            } else {
                throw new IOException(saes + " has no file for layer " + layer + " in the Hugging Face cache, and the"
                        + " file's name comes from the hub's listing, which cannot be asked now (offline or"
                        + " unreachable); run ./scope weights online once, or ask for the cached layers "
                        + found.keySet() + ".");
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
}
