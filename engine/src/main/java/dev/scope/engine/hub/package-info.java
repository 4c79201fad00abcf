/**
 * Getting weights from the Hugging Face hub, sharing Python huggingface_hub's cache.
 *
 * <p>{@link dev.scope.engine.hub.Hub} turns a {@link dev.scope.engine.hub.Source} (a hub repo id, optionally
 * {@code @revision}, or a local folder or file) and a file path into a local file. Settings come from the
 * same environment variables as huggingface_hub ({@link dev.scope.engine.hub.HubSettings#fromEnvironment()}):
 * {@code HF_ENDPOINT}, {@code HF_HUB_CACHE}/{@code HF_HOME}, {@code HF_TOKEN}, {@code HF_HUB_OFFLINE}.
 *
 * <p>Rules worth knowing:
 * <ul>
 * <li>A file cached for the asked revision is used without any request.</li>
 * <li>The token is sent only to the endpoint's origin (scheme, host and port); redirects elsewhere, such as
 * the LFS/CDN redirect, are followed without it.</li>
 * <li>Downloads go to {@code blobs/<etag>.incomplete} (private to the user), are retried and resumed with
 * {@code Range} after cuts, stalls and busy servers ({@link dev.scope.engine.hub.RetryPolicy}), get a fresh
 * presigned link when theirs expires or the CDN refuses it, are checked against the etag (sha256, or the git
 * blob id of small files), and are renamed atomically; interrupting the thread cancels them.</li>
 * <li>{@link dev.scope.engine.hub.Hub#files} fetches several files at once with one combined progress.</li>
 * <li>Nothing the hub sends is trusted blindly: commit hashes must be 40 hex characters, sizes and links
 * must parse (else one line says which header was wrong), and URLs in messages lose any
 * {@code user:password@} and query.</li>
 * </ul>
 *
 * <pre>
 * jshell&gt; var hub = Hub.fromEnvironment();
 * jshell&gt; var saes = hub.saeCheckpoints(WeightSources.defaults().saes());
 * jshell&gt; hub.file(saes.source(), saes.file(8), p -&gt; System.out.printf("%.0f%%%n", 100 * p.fraction()))
 * </pre>
 */
package dev.scope.engine.hub;
