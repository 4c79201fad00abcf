package dev.scope.kernel;

import dev.scope.kernel.ext.MimeBundle;
import dev.scope.kernel.session.CellListener;
import org.dflib.jjava.jupyter.channels.ShellReplyEnvironment;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.messages.ContentType;
import org.dflib.jjava.jupyter.messages.Message;
import org.dflib.jjava.jupyter.messages.publish.PublishDisplayData;
import org.dflib.jjava.jupyter.messages.publish.PublishStream;
import org.dflib.jjava.jupyter.messages.publish.PublishUpdateDisplayData;

/**
 * Publishes a cell's streams and displays on IOPub as they happen. Messages go straight to the
 * socket (not through the reply environment's deferral), since they come from other threads.
 */
final class JupyterCellListener implements CellListener {

    private final ShellReplyEnvironment env;
    private volatile boolean closed;

    JupyterCellListener(ShellReplyEnvironment env) {
        this.env = env;
    }

    static DisplayData displayData(MimeBundle bundle) {
        DisplayData data = new DisplayData();
        bundle.data().forEach(data::putData);
        bundle.metadata().forEach(data::putMetaData);
        return data;
    }

    @Override
    public void stdout(String text) {
        publish(new PublishStream(PublishStream.StreamType.OUT, text));
    }

    @Override
    public void stderr(String text) {
        publish(new PublishStream(PublishStream.StreamType.ERR, text));
    }

    @Override
    public void display(String displayId, MimeBundle bundle, boolean update) {
        DisplayData data = displayData(bundle);
        if (displayId != null) {
            data.setDisplayId(displayId);
        }
        if (update) {
            publish(new PublishUpdateDisplayData(data));
        } else {
            publish(new PublishDisplayData(data));
        }
    }

    /** After the cell's reply nothing more may be published for it. */
    void close() {
        closed = true;
    }

    private <T extends ContentType<T>> void publish(T content) {
        if (!closed) {
            env.getIopub().sendMessage(new Message<>(env.getContext(), content.getType(), content));
        }
    }
}
