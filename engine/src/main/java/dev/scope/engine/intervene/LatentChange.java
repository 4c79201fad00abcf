package dev.scope.engine.intervene;

/** One latent on one token, in the clean run and in the edited one. */
public record LatentChange(int layer, int latent, int token, float before, float after) {

    public float delta() {
        return after - before;
    }
}
