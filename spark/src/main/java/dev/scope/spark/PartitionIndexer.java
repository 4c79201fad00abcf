package dev.scope.spark;

import dev.scope.engine.LayerResult;
import dev.scope.engine.Scope;
import dev.scope.engine.ScopeSpec;
import dev.scope.engine.image.ImageSource;
import dev.scope.engine.scan.ScanListener;
import dev.scope.engine.scan.ScannedImage;
import dev.scope.index.IndexSchema;
import dev.scope.index.InputFile;
import dev.scope.index.LayerSummary;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.util.LongAccumulator;

import java.io.IOException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The job on one partition: loads the scope once, scans the partition's images with {@link Scope#scan} (reader
 * thread, batches) and makes each image's wide row from the same {@link LayerSummary} the local index stores.
 */
final class PartitionIndexer implements MapPartitionsFunction<Row, Row> {

    private final JobSpec spec;
    private final LongAccumulator done;

    PartitionIndexer(JobSpec spec, LongAccumulator done) {
        this.spec = spec;
        this.done = done;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> input) throws IOException {
        List<Integer> ids = new ArrayList<>();
        List<ImageSource> sources = new ArrayList<>();
        input.forEachRemaining(r -> {
            ids.add(r.getInt(0));
            sources.add(ImageSource.parse(r.getString(1)));
        });
        List<Row> out = new ArrayList<>();
        if (sources.isEmpty()) {
            return out.iterator();
        }
        ScopeSpec scopeSpec = spec.scopeSpec();
        try (Scope scope = Scope.load(scopeSpec)) {
            scope.scan(sources, spec.layers(), spec.batch() > 0 ? spec.batch() : scope.batchSize(), new ScanListener() {
                @Override
                public void onImage(ScannedImage image) {
                    List<Row> layers = new ArrayList<>();
                    for (Map.Entry<Integer, LayerResult> e : image.layers().entrySet()) {
                        layers.add(layer(LayerSummary.of(e.getValue())));
                    }
                    out.add(row(ids.get(image.index()), image.source(), image.contentHash(), IndexSchema.OK, layers));
                }

                @Override
                public void onSkipped(int index, ImageSource image, String reason) {
                    out.add(row(ids.get(index), image, null, reason.strip().replaceAll("\\s*\\R\\s*", " "), List.of()));
                }
            });
        }
        done.add(sources.size()); // Spark merges it when the task ends: progress is per partition
        return out.iterator();
    }

    private static Row row(int id, ImageSource source, String hash, String status, List<Row> layers) {
        InputFile file = InputFile.of(source);
        return RowFactory.create(id, file.key(), hash, file.size(), file.mtime(),
                status, LocalDateTime.ofInstant(Instant.now(), ZoneOffset.UTC), layers.toArray());
    }

    private static Row layer(LayerSummary s) {
        Integer[] latents = new Integer[s.size()];
        Float[] cls = new Float[s.size()];
        Float[] max = new Float[s.size()];
        Short[] peak = new Short[s.size()];
        Short[] active = new Short[s.size()];
        for (int i = 0; i < s.size(); i++) {
            latents[i] = s.latents()[i];
            cls[i] = s.cls()[i];
            max[i] = s.patchMax()[i];
            peak[i] = s.peakPatch()[i];
            active[i] = s.activePatches()[i];
        }
        return RowFactory.create((short) s.layer(), s.mse(), s.explainedVariance(), s.l0(), latents, cls, max, peak, active);
    }
}
