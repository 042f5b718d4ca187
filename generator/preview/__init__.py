"""The live preview: a server, the rebuilder, file events and their debouncing."""
