package dev.scope.engine.hub;

/**
 * One file of a source, as {@link Hub#files} takes them.
 *
 * @param source a hub repository or a local folder
 * @param path   the file's path inside it, e.g. {@code 8_resid/1200013184.pt}
 */
public record RepoFile(Source source, String path) {
}
