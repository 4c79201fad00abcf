package dev.scope.engine.hub;

import java.net.http.HttpHeaders;

/** Turns the hub's error answers ({@code X-Error-Code}, HTTP status) into the matching exception. */
final class HubErrors {
    private HubErrors() {
    }

    /**
     * @param path the file asked for, or null for a listing
     */
    static HubException forResponse(Source.Repo repo, String path, String url, int status, HttpHeaders headers,
            boolean tokenSent, String endpoint) {
        String code = headers.firstValue("X-Error-Code").orElse("");
        String message = headers.firstValue("X-Error-Message").orElse("");
        switch (code) {
            case "RepoNotFound":
                return new RepoNotFoundException(repo.repoId(), endpoint);
            case "RevisionNotFound":
                return new RevisionNotFoundException(repo.repoId(), repo.revision());
            case "EntryNotFound":
                return EntryNotFoundException.inRepo(repo.repoId(), repo.revision(), path == null ? "?" : path);
            case "GatedRepo":
                return new HubAccessDeniedException(repo.repoId(), status, true, tokenSent);
            default:
                break;
        }
        if (status == 401 || status == 403) {
            return new HubAccessDeniedException(repo.repoId(), status, false, tokenSent);
        }
        String detail = message.isBlank() ? "" : " (" + message + ")";
        if (status == 429) {
            return new HubResponseException("The hub is rate-limiting requests for " + repo.repoId() + detail
                    + "; wait a minute and try again.");
        }
        if (status >= 500) {
            return new HubResponseException("The hub answered HTTP " + status + detail + " for " + url
                    + "; it is likely down for a moment, so try again later.");
        }
        return new HubResponseException("The hub answered HTTP " + status + detail + " for " + url
                + "; check the repo id, revision and file name.");
    }
}
