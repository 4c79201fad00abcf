package dev.scope.engine.intervene;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * An edit of the residual stream at the output of a block that has an SAE, on some tokens
 * ({@link TokenSet}, all by default). With x the residual, z the SAE's latents of x, x̂ its
 * reconstruction and d_f latent f's decoder row:
 * <ul>
 *   <li>{@link Splice}: x → x̂, or x̂ + (x − x̂) with the error term;</li>
 *   <li>{@link Ablate}: x → x − Σ z_f · d_f over the chosen latents (their contribution removed);</li>
 *   <li>{@link Clamp}: x → x + (v − z_f) · d_f (latent f set to v, active or not);</li>
 *   <li>{@link Steer}: x → x + α · d_f.</li>
 * </ul>
 * Ablate, clamp and steer change only the latents' own contribution and keep the SAE's error term, so
 * an edit that changes no latent value leaves the residual exactly as it was. Several edits at one
 * layer all read the SAE's latents of the unedited residual and apply in the order given (a splice
 * replaces its rows, so name it first to edit the reconstruction).
 *
 * <pre>
 * jshell&gt; scope.forward(image, Intervention.ablate(22, 4242), Intervention.steer(22, 17, 5f).on(TokenSet.cls()))
 * </pre>
 */
public sealed interface Intervention {
    int layer();

    TokenSet tokens();

    /** The latents this edit names (none for a splice). */
    int[] latents();

    /** Whether the edit needs the SAE's latents of the residual. */
    default boolean readsLatents() {
        return true;
    }

    static Splice splice(int layer, boolean withError) {
        return new Splice(layer, withError, TokenSet.all());
    }

    static Ablate ablate(int layer, int... latents) {
        return new Ablate(layer, latents, TokenSet.all());
    }

    static Clamp clamp(int layer, int latent, float value) {
        return new Clamp(layer, latent, value, TokenSet.all());
    }

    static Steer steer(int layer, int latent, float alpha) {
        return new Steer(layer, latent, alpha, TokenSet.all());
    }

    record Splice(int layer, boolean withError, TokenSet tokens) implements Intervention {
        public Splice on(TokenSet t) {
            return new Splice(layer, withError, t);
        }

        @Override
        public int[] latents() {
            return new int[0];
        }

        @Override
        public String toString() {
            return "splice the SAE's reconstruction" + (withError ? " plus its error term" : "") + " at layer " + layer
                    + " on " + tokens;
        }
    }

    record Ablate(int layer, int[] latents, TokenSet tokens) implements Intervention {
        public Ablate {
            if (latents.length == 0) {
                throw new IllegalArgumentException("Name at least one latent to ablate.");
            }
            latents = latents.clone();
        }

        public Ablate on(TokenSet t) {
            return new Ablate(layer, latents, t);
        }

        @Override
        public String toString() {
            return "ablate latent" + (latents.length > 1 ? "s " : " ")
                    + Arrays.stream(latents).mapToObj(String::valueOf).collect(Collectors.joining(","))
                    + " at layer " + layer + " on " + tokens;
        }
    }

    record Clamp(int layer, int latent, float value, TokenSet tokens) implements Intervention {
        public Clamp on(TokenSet t) {
            return new Clamp(layer, latent, value, t);
        }

        @Override
        public int[] latents() {
            return new int[] {latent};
        }

        @Override
        public String toString() {
            return "clamp latent " + latent + " to " + value + " at layer " + layer + " on " + tokens;
        }
    }

    record Steer(int layer, int latent, float alpha, TokenSet tokens) implements Intervention {
        public Steer on(TokenSet t) {
            return new Steer(layer, latent, alpha, t);
        }

        @Override
        public int[] latents() {
            return new int[] {latent};
        }

        @Override
        public boolean readsLatents() {
            return false;
        }

        @Override
        public String toString() {
            return "steer by " + alpha + " × latent " + latent + "'s decoder row at layer " + layer + " on " + tokens;
        }
    }
}
