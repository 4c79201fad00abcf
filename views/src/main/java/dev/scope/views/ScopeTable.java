package dev.scope.views;

import dev.scope.engine.ScopeSummary;
import java.util.Locale;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * What a scope holds ({@code %scope load}'s table): per layer d_in, n_features, k, checkpoint, device and memory,
 * captioned with CLIP's loaded blocks, width, tokens and memory.
 */
public final class ScopeTable {

    /** The checkpoint cell of a layer whose SAE is not loaded yet. */
    public static final String NOT_YET = "loads on first use";

    private ScopeTable() {
    }

    public static TableView view(ScopeSummary summary) {
        IntColumn layer = IntColumn.create("layer");
        IntColumn dIn = IntColumn.create("d_in");
        StringColumn features = StringColumn.create("n_features");
        StringColumn k = StringColumn.create("k");
        StringColumn checkpoint = StringColumn.create("checkpoint");
        StringColumn device = StringColumn.create("device");
        StringColumn memory = StringColumn.create("memory");
        for (ScopeSummary.Layer l : summary.layers()) {
            layer.append(l.layer());
            dIn.append(l.dIn());
            device.append(summary.device());
            features.append(l.loaded() ? String.valueOf(l.nFeatures()) : "");
            k.append(l.loaded() ? String.valueOf(l.k()) : "");
            checkpoint.append(l.loaded() ? l.checkpoint() : NOT_YET);
            memory.append(l.loaded() ? megabytes(l.bytes()) : "");
        }
        Table table = Table.create("scope", layer, dIn, features, k, checkpoint, device, memory);
        String caption = summary.description() + " · CLIP vision tower: " + summary.clipBlocks() + " of "
                + summary.clipDepth() + " blocks, width " + summary.width() + ", " + summary.tokens()
                + " tokens, ≈" + megabytes(summary.clipBytes());
        return new TableView(table, caption, summary.demo());
    }

    static String megabytes(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
    }
}
