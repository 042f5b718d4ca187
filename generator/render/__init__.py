"""From loaded texts to pages: Markdown, links, slots and fills, a site's pages, the theme."""
