package dev.scope.kernel.ext;

/**
 * One frame of a {@link Progress} bar; renders itself as an HTML bar with a text fallback. {@code detail}, when
 * not empty, follows the counts (e.g. a rate and the time left).
 */
public record ProgressView(String label, long done, long total, boolean finished, String detail) implements Renderable {

    public ProgressView {
        detail = detail == null ? "" : detail;
    }

    public ProgressView(String label, long done, long total, boolean finished) {
        this(label, done, total, finished, "");
    }

    private static final int BAR_WIDTH = 30;

    public int percent() {
        if (total == 0) {
            return finished ? 100 : 0;
        }
        return (int) Math.min(100, done * 100 / total);
    }

    public String textLine() {
        int filled = percent() * BAR_WIDTH / 100;
        String bar = "#".repeat(filled) + "-".repeat(BAR_WIDTH - filled);
        return label + " [" + bar + "] " + percent() + "% (" + done + "/" + total + ")"
                + (detail.isEmpty() ? "" : " " + detail);
    }

    @Override
    public MimeBundle toMimeBundle() {
        String html = "<div><span>" + Html.escape(label) + "</span> "
                + "<progress value=\"" + done + "\" max=\"" + Math.max(total, 1) + "\" style=\"width:20em\"></progress> "
                + "<span>" + percent() + "% (" + done + "/" + total + ")</span>"
                + (detail.isEmpty() ? "" : " <span>" + Html.escape(detail) + "</span>") + "</div>";
        return MimeBundle.html(html, textLine());
    }
}
