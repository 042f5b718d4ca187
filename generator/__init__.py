"""Static site generator for public health information with regional overlays."""
