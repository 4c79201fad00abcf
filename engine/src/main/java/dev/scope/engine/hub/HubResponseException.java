package dev.scope.engine.hub;

/** The hub answered in a way this client cannot use (server error, missing headers, malformed listing). */
public final class HubResponseException extends HubException {
    public HubResponseException(String message) {
        super(message);
    }

    public HubResponseException(String message, Throwable cause) {
        super(message, cause);
    }
}
