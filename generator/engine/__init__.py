"""The build: the national stage once, each site's stage, workers, the store, writing, archives."""
