"""Client-side search: Swedish tokens, the documents of a site, lunr weights, index files."""
