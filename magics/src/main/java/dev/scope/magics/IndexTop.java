package dev.scope.magics;

import dev.scope.engine.scan.RankedImage;
import dev.scope.engine.scan.TopImages;
import dev.scope.index.ActivationIndex;
import dev.scope.index.LatentReport;
import dev.scope.kernel.ext.MagicContext;
import dev.scope.views.ActivationHistogram;
import dev.scope.views.PatchGrid;
import dev.scope.views.TopImage;
import dev.scope.views.TopImagesGrid;

import java.util.ArrayList;
import java.util.List;

/** {@code %scope top} answered from the open index instead of a folder scan: the same grid and histogram. */
final class IndexTop {

    private IndexTop() {
    }

    static Shown show(ScopeSession session, ParsedArgs args, MagicContext context) {
        ActivationIndex index = session.requireIndex(java.util.Optional.empty());
        IndexQuery query = IndexQuery.parse(index, args, context);
        int layer = query.layer();
        int latent = query.latent();
        TopImages.By by = query.by();
        LatentReport report = query.report(index, session);
        List<TopImage> top = new ArrayList<>();
        for (RankedImage r : report.top()) {
            top.add(new TopImage(r.name(), r.crop(), PatchGrid.fromTokens(r.overTokens()), r.value()));
        }
        List<Object> views = new ArrayList<>();
        if (!top.isEmpty()) {
            views.add(TopImagesGrid.builder(top).title("Latent " + latent + " · Layer " + layer + " · top " + top.size()
                    + " of " + report.stats().images() + " indexed images by " + by.label())
                    .columns(Math.min(TopCommand.COLUMNS, top.size())).demo(report.demo()).build());
        }
        if (report.stats().values().length > 0) {
            views.add(ActivationHistogram.builder(report.stats().values()).title("Latent " + latent + " · Layer " + layer
                    + " where it fires (" + report.stats().active() + " of " + report.stats().images() + " images)")
                    .valueLabel(by.label() + " of latent " + latent).demo(report.demo()).build());
        }
        String text = "From the index " + index.path().getFileName() + (report.note().isEmpty() ? "." : ": " + report.note() + ".");
        return new Shown(text, views, report);
    }
}
