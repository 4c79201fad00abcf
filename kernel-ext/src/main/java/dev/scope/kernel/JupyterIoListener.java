package dev.scope.kernel;

import dev.scope.kernel.ext.MimeBundle;
import dev.scope.kernel.session.CellListener;
import org.dflib.jjava.jupyter.kernel.JupyterIO;

/** Sends a cell's output through JJava's IO streams, for code run outside an execute request. */
final class JupyterIoListener implements CellListener {

    private final JupyterIO io;

    JupyterIoListener(JupyterIO io) {
        this.io = io;
    }

    @Override
    public void stdout(String text) {
        io.out.print(text);
    }

    @Override
    public void stderr(String text) {
        io.err.print(text);
    }

    @Override
    public void display(String displayId, MimeBundle bundle, boolean update) {
        if (update) {
            io.display.updateDisplay(displayId, JupyterCellListener.displayData(bundle));
        } else {
            var data = JupyterCellListener.displayData(bundle);
            data.setDisplayId(displayId);
            io.display.display(data);
        }
    }
}
