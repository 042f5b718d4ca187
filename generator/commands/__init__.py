"""The command line: one parser for every subcommand, and the progress display."""
