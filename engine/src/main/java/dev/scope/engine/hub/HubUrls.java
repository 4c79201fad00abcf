package dev.scope.engine.hub;

import java.net.URI;
import java.util.regex.Pattern;

/**
 * URLs as messages may show them: without {@code user:password@} (an {@code HF_ENDPOINT} may carry one)
 * and without the query, which for a presigned CDN link is a credential of its own (the signature).
 */
final class HubUrls {
    private static final Pattern USER_INFO = Pattern.compile("(?<=//)[^/?#@]*@");
    private static final int MAX_SHOWN = 200;

    private HubUrls() {
    }

    static String shown(URI url) {
        return shown(url.toString());
    }

    static String shown(String url) {
        String s = USER_INFO.matcher(url).replaceFirst("");
        int cut = indexOfAny(s, '?', '#');
        if (cut >= 0) {
            s = s.substring(0, cut);
        }
        return s.length() > MAX_SHOWN ? s.substring(0, MAX_SHOWN) + "…" : s;
    }

    /** {@code scheme://host[:port]} of {@code url}, without credentials. */
    static String origin(URI url) {
        if (url.getHost() == null) {
            return shown(url);
        }
        return url.getScheme() + "://" + url.getHost() + (url.getPort() == -1 ? "" : ":" + url.getPort());
    }

    /** A header value for a message: printable, quoted, at most 80 characters, credentials removed. */
    static String quoted(String value) {
        String v = shown(value).replaceAll("\\p{Cntrl}", "?");
        return "'" + (v.length() > 80 ? v.substring(0, 80) + "…" : v) + "'";
    }

    private static int indexOfAny(String s, char a, char b) {
        int i = s.indexOf(a);
        int j = s.indexOf(b);
        return i < 0 ? j : j < 0 ? i : Math.min(i, j);
    }
}
