package dev.scope.magics;

import dev.scope.index.ActivationIndex;
import dev.scope.kernel.ext.MagicContext;
import dev.scope.kernel.ext.MagicException;
import dev.scope.views.TableView;
import tech.tablesaw.api.Table;

import java.util.List;

/** {@code %scope sql "SELECT …"}: SQL on the open index's tables; returns a Tablesaw {@link Table}. */
record SqlCommand(ScopeSession session) implements Subcommand {

    static final Help HELP = new Help("sql",
            "%scope sql \"SELECT …\" [--db FILE]",
            new FlagSpec(List.of("db"), List.of()), """
                Runs SQL (DuckDB's dialect) on the index: tables runs, run_layers, images, image_layers and activations
                (see the README). Shows up to 100,000 rows and returns them as a Tablesaw Table. The index is open
                read-only. Quote the query.
                  --db  an index file or Spark output folder to open (default: the one open)""");

    @Override
    public Shown run(ParsedArgs args, MagicContext context) throws Exception {
        if (args.positionals().isEmpty()) {
            throw new MagicException("%scope sql takes a query in quotes, e.g. %scope sql \"SELECT count(*) FROM images\".");
        }
        ActivationIndex index = session.requireIndex(args.option("db").map(db -> PathArg.of(db, context)));
        String query = String.join(" ", args.positionals());
        Table table = EngineCalls.call(() -> index.sql(query));
        String caption = table.rowCount() + " rows" + (table.rowCount() == ActivationIndex.MAX_SQL_ROWS ? " (the limit)" : "")
                + " · " + index.path().getFileName();
        return new Shown("", List.of(new TableView(table, caption, index.run().clip().equals("demo"))), table);
    }
}
