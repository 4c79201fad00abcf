package dev.scope.engine.hub;

import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The SAE checkpoint a source offers for each layer: files {@code {layer}_resid/{tokens}.pt}, keeping the
 * largest token count (the longest-trained checkpoint) per layer.
 *
 * <pre>
 * jshell&gt; var saes = hub.saeCheckpoints(Source.repo(WeightSources.SCOPE_REPO));
 * jshell&gt; saes.layers()
 * $2 ==&gt; [2, 5, 8, 11, 14, 17, 20, 22]
 * jshell&gt; hub.file(saes.source(), saes.file(8))
 * </pre>
 *
 * @param source where the files are; a hub repo is pinned to the commit the listing was taken at
 * @param files  layer → path inside the source
 */
public record SaeCheckpoints(Source source, SortedMap<Integer, String> files) {
    private static final Pattern FILE = Pattern.compile("(\\d{1,4})_resid/(\\d{1,18})\\.pt");

    public SaeCheckpoints {
        files = Collections.unmodifiableSortedMap(new TreeMap<>(files));
    }

    /**
     * The checkpoints {@code listing} names; a hub repo is pinned to the commit the listing was taken at.
     *
     * @throws EntryNotFoundException when it names none
     */
    public static SaeCheckpoints of(Source source, RepoListing listing) throws EntryNotFoundException {
        Source pinned = source instanceof Source.Repo && listing.commit() != null
                ? ((Source.Repo) source).at(listing.commit()) : source;
        return pick(pinned, listing.files());
    }

    /** Picks the checkpoints among {@code paths}; other files are ignored. */
    static SaeCheckpoints pick(Source source, Collection<String> paths) throws EntryNotFoundException {
        Map<Integer, Long> bestTokens = new TreeMap<>();
        SortedMap<Integer, String> files = new TreeMap<>();
        for (String path : paths) {
            Matcher m = FILE.matcher(path);
            if (!m.matches()) {
                continue;
            }
            int layer = Integer.parseInt(m.group(1));
            long tokens = Long.parseLong(m.group(2));
            if (tokens > bestTokens.getOrDefault(layer, -1L)) {
                bestTokens.put(layer, tokens);
                files.put(layer, path);
            }
        }
        if (files.isEmpty()) {
            throw EntryNotFoundException.noCheckpoints(source);
        }
        return new SaeCheckpoints(source, files);
    }

    public Set<Integer> layers() {
        return files.keySet();
    }

    /** The checkpoint path of {@code layer}, e.g. {@code 8_resid/1200013184.pt}. */
    public String file(int layer) throws EntryNotFoundException {
        String path = files.get(layer);
        if (path == null) {
            throw EntryNotFoundException.noLayer(source, layer, layers());
        }
        return path;
    }
}
