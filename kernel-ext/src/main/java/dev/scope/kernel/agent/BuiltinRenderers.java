package dev.scope.kernel.agent;

import dev.scope.kernel.ext.MimeBundle;
import dev.scope.kernel.ext.Renderer;
import dev.scope.kernel.render.ChartRenderer;
import dev.scope.kernel.render.ImageRenderer;
import dev.scope.kernel.render.TableRenderer;

import java.util.function.Supplier;

/**
 * Images, XChart charts and Tablesaw tables. Registered by name and created on first use, so a
 * session that never shows a chart never loads XChart.
 */
final class BuiltinRenderers {

    private BuiltinRenderers() {
    }

    static void register(RendererTable table) {
        table.register("java.awt.image.BufferedImage", lazy(ImageRenderer::new));
        table.register("org.knowm.xchart.internal.chartpart.Chart", lazy(ChartRenderer::new));
        table.register("tech.tablesaw.table.Relation", lazy(TableRenderer::new));
    }

    @SuppressWarnings("unchecked")
    private static Renderer<Object> lazy(Supplier<? extends Renderer<?>> factory) {
        return new Renderer<>() {
            private volatile Renderer<Object> created;

            @Override
            public MimeBundle render(Object value) throws Exception {
                if (created == null) {
                    created = (Renderer<Object>) factory.get();
                }
                return created.render(value);
            }
        };
    }
}
