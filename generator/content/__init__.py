"""Reading content/: where files live, YAML with lines, schemas, ownership, the loaded tree."""
