/**
 * Views of SAE latents, drawn from plain data with no screen, no kernel and no model: a plain Java program can
 * use them.
 *
 * <p>One class per view, each with a builder taking plain data (ids, values, float grids, BufferedImages,
 * records), in the manner of XChart's chart builders:
 * <ul>
 *   <li>{@link dev.scope.views.ActiveLatentsChart}: one token's active latents, sorted bars (XChart);</li>
 *   <li>{@link dev.scope.views.LatentTable}: the same as a Tablesaw table with L1 shares, shown through
 *       {@link dev.scope.views.TableView} as HTML or text;</li>
 *   <li>{@link dev.scope.views.LatentStemPlot}: stems at the active ids over all latent ids (XChart);</li>
 *   <li>{@link dev.scope.views.PatchHeatmap} and {@link dev.scope.views.HeatmapGrid}: a latent over the image's
 *       patches (Java2D);</li>
 *   <li>{@link dev.scope.views.LayerMetricsCharts}: SAE quality per layer beside the model card ({@link dev.scope.engine.sae.ModelCard});</li>
 *   <li>{@link dev.scope.views.CostCharts}: what splicing each layer's SAE into CLIP costs its zero-shot labels;</li>
 *   <li>{@link dev.scope.views.TopImagesGrid} and {@link dev.scope.views.ActivationHistogram}: where a latent
 *       fires most in a folder of images.</li>
 * </ul>
 *
 * <p>Every view has a {@code demo} option drawing the one {@link dev.scope.views.DemoMark}. Pictures come out
 * at 2× pixel density ({@link dev.scope.views.Png}); XChart views also expose their chart object.
 *
 * <p>Colours: Okabe–Ito for series (colour-blind safe); heatmaps use viridis when no value is negative and a
 * diverging blue–dark–orange map, symmetric about zero, as soon as one is (see {@link dev.scope.views.ColorScale}).
 */
package dev.scope.views;
