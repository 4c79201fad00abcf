package dev.scope.kernel.testext;

import dev.scope.kernel.ext.ExtensionContext;
import dev.scope.kernel.ext.KernelExtension;
import dev.scope.kernel.ext.MagicException;
import dev.scope.kernel.ext.MimeBundle;

import java.awt.image.BufferedImage;
import java.util.Locale;

/** Magics and a renderer that exercise the extension API from the tests, loaded via META-INF/services. */
public final class TestExtension implements KernelExtension {

    @Override
    public void register(ExtensionContext context) {
        context.lineMagic("latents", "%latents N: a LatentResult with N values 0..N-1", (args, ctx) -> {
            if (args.size() != 1) {
                throw new MagicException("%latents takes one number, e.g. %latents 4.");
            }
            int n = Integer.parseInt(args.get(0));
            float[] values = new float[n];
            for (int i = 0; i < n; i++) {
                values[i] = i;
            }
            return new LatentResult(values);
        });
        context.lineMagic("size", "%size VAR: width x height of a BufferedImage variable", (args, ctx) -> {
            String name = args.isEmpty() ? "" : args.get(0);
            BufferedImage image = ctx.variable(name, BufferedImage.class).orElseThrow(() ->
                    new MagicException("%size needs the name of a BufferedImage variable, got '" + name + "'."));
            return image.getWidth() + "x" + image.getHeight();
        });
        context.lineMagic("nothing", "%nothing returns no value", (args, ctx) -> null);
        context.lineMagic("explode", "%explode throws an ordinary exception", (args, ctx) -> {
            throw new IllegalStateException("exploded on purpose");
        });
        context.cellMagic("upper", "%%upper upper-cases the cell body", (args, body, ctx) ->
                String.join(",", args) + ":" + body.toUpperCase(Locale.ROOT));
        context.renderer(Point.class, p -> MimeBundle.html("<b>(" + p.x() + ", " + p.y() + ")</b>", "Point " + p.x() + "," + p.y()));
    }
}
